import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { roles } from '../platform/auth/roles.js';
import { requireActor } from '../platform/http/auth-plugin.js';
import { rolesAccess, signedInAccess } from '../platform/http/route-access.js';
import type { ConcernContext } from './concern-access.js';
import { concernStatuses, concernTypes } from './concerns.table.js';
import { getAlertView } from './get-alert-view.js';
import { listUrgentUnacknowledged } from './list-urgent-concerns.js';
import { respondToAlert } from './respond-to-alert.js';

type RoutesApp = Parameters<FastifyPluginAsyncZod>[0];

const leads = rolesAccess('dsl', 'deputy_dsl', 'headteacher');
const idParams = z.object({ id: z.string().max(64) });

const alertViewSchema = z.object({
  id: z.string(),
  reference: z.string(),
  type: z.enum(concernTypes),
  urgency: z.enum(['urgent', 'routine']),
  status: z.enum(concernStatuses),
  reportedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  assignedStaffId: z.string().nullable(),
  escalationLevel: z.number(),
  canRead: z.boolean(),
  readers: z.array(
    z.object({
      staffId: z.string(),
      name: z.string(),
      email: z.string(),
      role: z.enum(roles),
    }),
  ),
});

/** Alerts of concerns: the urgent banner, what an alert shows, and acting on it (acknowledge, hand on). */
export async function concernAlertsRoutes(app: RoutesApp, ctx: () => ConcernContext): Promise<void> {
  app.get(
    '/api/concerns/urgent',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['concerns'],
        summary:
          'Urgent concerns nobody has acknowledged that I may read or was alerted about (empty for everyone else)',
        response: {
          200: z.object({
            concerns: z.array(
              z.object({
                id: z.string(),
                reference: z.string(),
                reportedAt: z.string(),
                escalationLevel: z.number(),
              }),
            ),
          }),
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      reply.header('cache-control', 'no-store');
      return { concerns: await listUrgentUnacknowledged(ctx(), actor, { schoolId: actor.schoolId }) };
    },
  );

  app.get(
    '/api/concerns/:id/alert',
    {
      config: { access: leads },
      schema: {
        tags: ['concerns'],
        summary:
          'A concern as its alert shows it (no content): for whoever it reached, with who may read it (audited)',
        params: idParams,
        response: { 200: alertViewSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return getAlertView(ctx(), actor, { schoolId: actor.schoolId, concernId: request.params.id });
    },
  );

  app.post(
    '/api/concerns/:id/alert/acknowledge',
    {
      config: { access: leads },
      schema: {
        tags: ['concerns'],
        summary: 'Acknowledge an alert (stops the escalation); recorded in the chronology and audited',
        params: idParams,
        body: z.object({}).strict().optional(),
        response: { 200: alertViewSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return respondToAlert(ctx(), actor, {
        schoolId: actor.schoolId,
        concernId: request.params.id,
        response: { kind: 'acknowledge' },
      });
    },
  );

  app.post(
    '/api/concerns/:id/alert/hand-on',
    {
      config: { access: leads },
      schema: {
        tags: ['concerns'],
        summary:
          'Hand an alert on to a lead who may read the concern: acknowledged, assigned, and they are told at once',
        params: idParams,
        body: z.object({ staffId: z.uuid() }).strict(),
        response: { 200: alertViewSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return respondToAlert(ctx(), actor, {
        schoolId: actor.schoolId,
        concernId: request.params.id,
        response: { kind: 'hand_on', staffId: request.body.staffId },
      });
    },
  );
}
