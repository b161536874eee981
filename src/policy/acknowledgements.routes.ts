import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../platform/http/auth-plugin.js';
import { rolesAccess, signedInAccess } from '../platform/http/route-access.js';
import { acknowledgeCurrentPolicy } from './acknowledge-current-policy.js';
import { getAcknowledgementReport } from './get-acknowledgement-report.js';
import { getMyAcknowledgements } from './get-my-acknowledgements.js';

const acknowledgementSchema = z.object({
  policyVersionId: z.string(),
  label: z.string(),
  documentHash: z.string(),
  acknowledgedAt: z.string(),
});

/** Staff acknowledge the current policy version; SMT, the headteacher and admins see who has. */
export const acknowledgementRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/policy/acknowledgements',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['policy'],
        summary: 'I have read and understood the current policy version (idempotent)',
        response: { 200: acknowledgementSchema.extend({ alreadyAcknowledged: z.boolean() }) },
      },
    },
    async (request) => acknowledgeCurrentPolicy(app.db, requireActor(request), app.clock.now()),
  );

  app.get(
    '/api/policy/acknowledgements/mine',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['policy'],
        summary: 'Whether I have acknowledged the current version, and my past acknowledgements',
        response: {
          200: z.object({
            current: z
              .object({ policyVersionId: z.string(), label: z.string(), documentHash: z.string() })
              .nullable(),
            acknowledgedCurrent: z.boolean(),
            acknowledgements: z.array(acknowledgementSchema),
          }),
        },
      },
    },
    async (request) => getMyAcknowledgements(app.db, requireActor(request)),
  );

  app.get(
    '/api/policy/acknowledgements',
    {
      config: { access: rolesAccess('smt', 'headteacher', 'admin') },
      schema: {
        tags: ['policy'],
        summary: 'Who has and has not acknowledged the current version, with the percentage',
        response: {
          200: z.object({
            policyVersionId: z.string(),
            label: z.string(),
            documentHash: z.string(),
            total: z.number().int(),
            acknowledged: z.number().int(),
            percentage: z.number(),
            staff: z.array(
              z.object({
                staffId: z.string(),
                name: z.string(),
                email: z.string(),
                acknowledgedAt: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => getAcknowledgementReport(app.db, requireActor(request)),
  );
};
