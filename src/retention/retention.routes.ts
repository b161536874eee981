import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../platform/http/auth-plugin.js';
import { rolesAccess } from '../platform/http/route-access.js';
import { liftLegalHold } from './lift-legal-hold.js';
import { listDueForDestruction } from './list-due-records.js';
import { holdTargetKinds, placeLegalHold } from './place-legal-hold.js';
import { recordKinds } from './retention-rules.js';
import { setRetentionPeriod } from './set-retention-period.js';

const ruleSchema = z.object({
  id: z.string(),
  kind: z.enum(recordKinds),
  label: z.string(),
  keptFor: z.string(),
  legalBasis: z.string(),
  action: z.enum(['destroy', 'keep']),
  holdable: z.boolean(),
  period: z
    .object({
      unit: z.enum(['years', 'months', 'days']),
      standard: z.number().int(),
      minimum: z.number().int(),
      maximum: z.number().int(),
      bounds: z.string(),
      /** The school's period (its own, or the standard one). */
      amount: z.number().int(),
      setBySchool: z.boolean(),
    })
    .nullable(),
});

const holdSchema = z.object({
  id: z.string(),
  targetKind: z.string(),
  targetId: z.string(),
  reason: z.string(),
  placedAt: z.string(),
  placedBy: z.string().nullable(),
});

const dueSchema = z.object({
  days: z.number().int(),
  until: z.string(),
  rules: z.array(ruleSchema),
  records: z.array(
    z.object({
      kind: z.enum(['concern', 'consent', 'post_archive']),
      id: z.string(),
      ruleId: z.string(),
      dueOn: z.string(),
      held: z.boolean(),
      open: z.boolean(),
      label: z.string(),
      holdIds: z.array(z.string()),
    }),
  ),
  counts: z.array(
    z.object({
      ruleId: z.string(),
      kind: z.enum(recordKinds),
      due: z.number().int(),
      held: z.number().int(),
    }),
  ),
  holds: z.array(holdSchema),
  concernsHidden: z.boolean(),
  abilities: z.object({ setPeriods: z.boolean() }),
});

const viewers = rolesAccess('dsl', 'deputy_dsl', 'smt', 'headteacher');

/** Retention for the DSL and SMT: what is due, the rules behind it, and legal holds. */
export const retentionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/retention',
    {
      config: { access: viewers },
      schema: {
        tags: ['retention'],
        summary:
          'Records passing their retention date within `days` days (90 by default), the rules and the holds',
        querystring: z.object({ days: z.coerce.number().int().min(1).max(3660).default(90) }).strict(),
        response: { 200: dueSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return listDueForDestruction(app.db, actor, actor.schoolId, app.clock, request.query.days);
    },
  );

  app.post(
    '/api/retention/holds',
    {
      config: { access: viewers },
      schema: {
        tags: ['retention'],
        summary: 'Place a legal hold on a record or on everything about a pupil',
        body: z
          .object({
            targetKind: z.enum(holdTargetKinds),
            targetId: z.uuid(),
            reason: z.string().max(2000),
          })
          .strict(),
        response: { 201: holdSchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const hold = await placeLegalHold(
        app.db,
        actor,
        { schoolId: actor.schoolId, ...request.body },
        app.clock,
      );
      return reply.code(201).send(hold);
    },
  );

  app.post(
    '/api/retention/holds/:id/lift',
    {
      config: { access: viewers },
      schema: {
        tags: ['retention'],
        summary: 'Lift a legal hold, saying why',
        params: z.object({ id: z.uuid() }).strict(),
        body: z.object({ reason: z.string().max(2000) }).strict(),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await liftLegalHold(
        app.db,
        actor,
        { schoolId: actor.schoolId, holdId: request.params.id, reason: request.body.reason },
        app.clock,
      );
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/api/retention/periods',
    {
      config: { access: rolesAccess('dsl', 'headteacher') },
      schema: {
        tags: ['retention'],
        summary:
          "Set the school's own period for a retention rule, within the rule's bounds (null: the standard period)",
        body: z
          .object({
            ruleId: z.string().max(100),
            amount: z.number().int().min(1).max(100_000).nullable(),
          })
          .strict(),
        response: { 200: z.object({ rules: z.array(ruleSchema) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const rules = await setRetentionPeriod(
        app.db,
        actor,
        { schoolId: actor.schoolId, ...request.body },
        app.clock,
      );
      return { rules };
    },
  );
};
