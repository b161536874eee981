import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../platform/http/auth-plugin.js';
import { rolesAccess } from '../platform/http/route-access.js';
import { completeStaffHandover } from './complete-staff-handover.js';
import { decideHandoverAccount } from './decide-handover-account.js';
import { getStaffHandover } from './get-staff-handover.js';
import { listStaffHandovers } from './list-staff-handovers.js';
import { handoverDeciderRoles, handoverReaderRoles } from './staff-use.permissions.js';

type RoutesApp = Parameters<FastifyPluginAsyncZod>[0];

const channel = z.enum(['personal_phone', 'personal_email']);

const handoverSchema = z.object({
  id: z.string(),
  staffId: z.string(),
  staffName: z.string(),
  status: z.enum(['open', 'done']),
  openedAt: z.string(),
  openedBy: z.string(),
  doneAt: z.string().nullable(),
  accounts: z.array(
    z.object({
      id: z.string(),
      platform: z.string(),
      handle: z.string().nullable(),
      purpose: z.string(),
      status: z.string(),
      ownership: z.enum(['sole_owner', 'primary_owner', 'co_owner']),
      otherOwners: z.array(z.string()),
    }),
  ),
  contactExceptions: z.array(
    z.object({
      id: z.string(),
      staffName: z.string(),
      channel,
      status: z.string(),
      audience: z.string(),
      from: z.string(),
      to: z.string(),
      relation: z.enum(['their_own', 'approved_by_them']),
    }),
  ),
  postsAwaitingApproval: z.array(
    z.object({ id: z.string(), account: z.string(), writtenByLeaver: z.boolean() }),
  ),
  candidates: z.array(z.object({ id: z.string(), name: z.string() })),
  canDecide: z.boolean(),
});

/** Leavers' handovers (SMT): each leaver's accounts to a new owner or closed, then the handover done. */
export async function staffHandoverRoutes(app: RoutesApp): Promise<void> {
  app.get(
    '/api/staff-handovers',
    {
      config: { access: rolesAccess(...handoverReaderRoles) },
      schema: {
        tags: ['staff use'],
        summary: 'Leavers’ handovers: each leaver’s accounts still to hand over (SMT)',
        response: {
          200: z.object({
            handovers: z.array(
              z.object({
                id: z.string(),
                staffName: z.string(),
                status: z.enum(['open', 'done']),
                openedAt: z.string(),
                accountsLeft: z.number().int(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => ({ handovers: await listStaffHandovers(app.db, requireActor(request)) }),
  );

  app.get(
    '/api/staff-handovers/:id',
    {
      config: { access: rolesAccess(...handoverReaderRoles) },
      schema: {
        tags: ['staff use'],
        summary: 'One leaver’s handover: their accounts, approvals and posts awaiting approval',
        params: z.object({ id: z.string().uuid() }),
        response: { 200: handoverSchema },
      },
    },
    async (request) => getStaffHandover(app.db, requireActor(request), request.params.id),
  );

  app.post(
    '/api/staff-handovers/:id/accounts/:accountId',
    {
      config: { access: rolesAccess(...handoverDeciderRoles) },
      schema: {
        tags: ['staff use'],
        summary: 'Hands one of the leaver’s accounts to a new owner, or closes it on the register',
        params: z.object({ id: z.string().uuid(), accountId: z.string().uuid() }),
        body: z.discriminatedUnion('decision', [
          z.object({ decision: z.literal('new_owner'), staffId: z.string().uuid() }).strict(),
          z.object({ decision: z.literal('close'), reason: z.string().min(1).max(500) }).strict(),
        ]),
        response: { 200: handoverSchema },
      },
    },
    async (request) => {
      const body = request.body;
      return decideHandoverAccount(app.db, requireActor(request), {
        handoverId: request.params.id,
        accountId: request.params.accountId,
        decision:
          body.decision === 'new_owner'
            ? { kind: 'new_owner', staffId: body.staffId }
            : { kind: 'close', reason: body.reason },
        now: app.clock.now(),
      });
    },
  );

  app.post(
    '/api/staff-handovers/:id/complete',
    {
      config: { access: rolesAccess(...handoverDeciderRoles) },
      schema: {
        tags: ['staff use'],
        summary: 'Marks a handover done once none of the leaver’s accounts is left',
        params: z.object({ id: z.string().uuid() }),
        response: { 200: handoverSchema },
      },
    },
    async (request) =>
      completeStaffHandover(app.db, requireActor(request), {
        handoverId: request.params.id,
        now: app.clock.now(),
      }),
  );
}
