import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../platform/http/auth-plugin.js';
import { rolesAccess, signedInAccess } from '../platform/http/route-access.js';
import { fileDisclosureConcern } from './file-disclosure-concern.js';
import { itemFiltersSchema, listModerationItems } from './list-moderation-items.js';
import { disclosureReaderRoles, moderationSettingsRoles, moderatorRoles } from './moderation.permissions.js';
import { itemStates } from './moderation.table.js';
import { moderationActions, takeActionIn } from './moderation-actions.js';
import type { ModerationContext } from './moderation-context.js';
import { moderationFigures } from './moderation-figures.js';
import {
  getModerationSettings,
  moderationSettingsSchema,
  updateModerationSettings,
} from './update-moderation-settings.js';

const findingSchema = z.object({
  rule: z.string(),
  clause: z.string(),
  severity: z.enum(['block', 'review', 'advice']),
  message: z.string(),
  start: z.number().optional(),
  end: z.number().optional(),
  excerpt: z.string().nullable(),
});

const itemSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  accountLabel: z.string(),
  platform: z.string(),
  demo: z.boolean(),
  verdict: z.string(),
  state: z.enum(itemStates),
  hidden: z.boolean(),
  disclosure: z.boolean(),
  concernDraft: z.string().nullable(),
  text: z.string().nullable(),
  authorHandle: z.string().nullable(),
  authorDisplayName: z.string().nullable(),
  url: z.string().nullable(),
  context: z.array(z.object({ authorHandle: z.string(), text: z.string() })),
  sha256: z.string().nullable(),
  findings: z.array(findingSchema),
  clauses: z.array(z.string()),
  actions: z.array(z.enum(moderationActions)),
  arrivedAt: z.string(),
  receivedAt: z.string(),
  actionedAt: z.string().nullable(),
  escalatedAt: z.string().nullable(),
});

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

/** The moderation queue (clause 2.6), its actions, figures and settings. */
export const moderationRoutes: FastifyPluginAsyncZod = async (app) => {
  const keyring = app.keyring;
  const ctx = (): ModerationContext => ({
    db: app.db,
    keyring,
    now: app.clock.now(),
    checkContexts: app.checkContexts,
    connections: app.moderationConnections,
  });

  app.get(
    '/api/moderation/items',
    {
      // Moderators see the school's queue, owners their accounts' comments (clause 2.6): decided in the use case.
      config: { access: signedInAccess },
      schema: {
        tags: ['moderation'],
        summary: 'The comment moderation queue, filtered by account, verdict, clause and state',
        querystring: itemFiltersSchema.strict(),
        response: { 200: z.object({ items: z.array(itemSchema) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return { items: await listModerationItems(ctx(), actor, actor.schoolId, request.query) };
    },
  );

  app.post(
    '/api/moderation/items/:id/actions',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['moderation'],
        summary:
          'Act on a queued comment: hide, delete, report, block, limit replies, dismiss (with a reason)',
        params: z.object({ id: z.uuid() }),
        body: z
          .object({ action: z.enum(moderationActions), reason: z.string().max(1000).nullable().optional() })
          .strict(),
        response: {
          200: z.object({
            itemId: z.string(),
            action: z.enum(moderationActions),
            outcome: z.enum(['done', 'removed_on_platform', 'retry_later']),
            state: z.enum(itemStates),
          }),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const result = await takeActionIn(ctx(), actor, request.params.id, request.body);
      return { itemId: result.itemId, action: result.action, outcome: result.outcome, state: result.state };
    },
  );

  app.post(
    '/api/moderation/items/:id/concern',
    {
      config: { access: rolesAccess(...disclosureReaderRoles) },
      schema: {
        tags: ['moderation'],
        summary: 'File a possible disclosure as a safeguarding concern (DSL and deputies)',
        params: z.object({ id: z.uuid() }),
        body: z
          .object({ urgency: z.enum(['urgent', 'routine']), note: z.string().max(2000).optional() })
          .strict(),
        response: { 201: z.object({ concernId: z.string(), reference: z.string() }) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      reply.code(201);
      return fileDisclosureConcern(ctx(), actor, request.params.id, request.body);
    },
  );

  app.get(
    '/api/moderation/figures',
    {
      config: { access: rolesAccess(...moderatorRoles, ...moderationSettingsRoles) },
      schema: {
        tags: ['moderation'],
        summary: 'Comments checked, hidden, deleted, reported, by clause; median and p90 minutes to action',
        querystring: z.object({ from: isoDate, to: isoDate }).strict(),
        response: {
          200: z.object({
            from: z.string(),
            to: z.string(),
            checked: z.number(),
            queued: z.number(),
            hidden: z.number(),
            deleted: z.number(),
            reported: z.number(),
            blocked: z.number(),
            dismissed: z.number(),
            removedOnPlatform: z.number(),
            byClause: z.array(z.object({ clause: z.string(), items: z.number() })),
            minutesToAction: z.object({
              median: z.number().nullable(),
              p90: z.number().nullable(),
              actioned: z.number(),
            }),
          }),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return moderationFigures(app.db, actor, actor.schoolId, request.query);
    },
  );

  app.get(
    '/api/moderation/settings',
    {
      config: { access: rolesAccess(...moderatorRoles, ...moderationSettingsRoles) },
      schema: {
        tags: ['moderation'],
        summary: 'How often comments are read, the SLA in working minutes, and out-of-hours cover',
        response: { 200: moderationSettingsSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return getModerationSettings(app.db, actor, actor.schoolId);
    },
  );

  app.put(
    '/api/moderation/settings',
    {
      config: { access: rolesAccess(...moderationSettingsRoles) },
      schema: {
        tags: ['moderation'],
        summary: 'Change the moderation settings (SMT, headteacher, admin)',
        body: moderationSettingsSchema.strict(),
        response: { 200: moderationSettingsSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return updateModerationSettings(ctx(), actor, actor.schoolId, request.body);
    },
  );
};
