import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../platform/http/auth-plugin.js';
import { rolesAccess } from '../platform/http/route-access.js';
import { listTransferTasks } from './list-transfer-tasks.js';
import { recordTransferStep } from './record-transfer-step.js';

type RoutesApp = Parameters<FastifyPluginAsyncZod>[0];

// Not the headteacher: see canManageTransfers.
const transferLeads = rolesAccess('dsl', 'deputy_dsl');
const text = (max: number) => z.string().trim().min(1).max(max);
const idParams = z.object({ id: z.string().max(64) });

/** Child protection file transfers for leavers: the list, then sending and receipt. */
export async function concernTransfersRoutes(app: RoutesApp): Promise<void> {
  app.get(
    '/api/concerns/transfers',
    {
      config: { access: transferLeads },
      schema: {
        tags: ['concerns'],
        summary: 'Child protection files to transfer for leavers (5 school days), with sending and receipt',
        response: {
          200: z.object({
            transfers: z.array(
              z.object({
                id: z.string(),
                pupilId: z.string(),
                pupilName: z.string(),
                leftOn: z.string(),
                dueOn: z.string(),
                status: z.enum(['pending', 'sent', 'received']),
                destination: z.string().nullable(),
                sentMethod: z.string().nullable(),
                sentAt: z.string().nullable(),
                receiptConfirmedAt: z.string().nullable(),
                receiptFrom: z.string().nullable(),
                overdue: z.boolean(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return {
        transfers: await listTransferTasks(app.db, actor, {
          schoolId: actor.schoolId,
          today: app.clock.today(),
          now: app.clock.now(),
        }),
      };
    },
  );

  app.post(
    '/api/concerns/transfers/:id/sent',
    {
      config: { access: transferLeads },
      schema: {
        tags: ['concerns'],
        summary: 'Record that the file was sent (securely, separately from the main pupil file)',
        params: idParams,
        body: z.object({ destination: text(200), method: text(200) }).strict(),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await recordTransferStep(app.db, actor, {
        schoolId: actor.schoolId,
        transferId: request.params.id,
        now: app.clock.now(),
        step: { kind: 'sent', ...request.body },
      });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/concerns/transfers/:id/received',
    {
      config: { access: transferLeads },
      schema: {
        tags: ['concerns'],
        summary: 'Record that the receiving school confirmed receipt',
        params: idParams,
        body: z.object({ from: text(200) }).strict(),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await recordTransferStep(app.db, actor, {
        schoolId: actor.schoolId,
        transferId: request.params.id,
        now: app.clock.now(),
        step: { kind: 'received', from: request.body.from },
      });
      return reply.code(204).send(null);
    },
  );
}
