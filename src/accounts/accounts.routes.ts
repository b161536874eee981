import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { rateLimited } from '../platform/errors.js';
import { requireActor } from '../platform/http/auth-plugin.js';
import { rolesAccess, signedInAccess } from '../platform/http/route-access.js';
import { databaseRateLimitStore } from '../platform/rate-limit/database-store.js';
import { accountInputSchema, accountStatuses } from './account-inputs.js';
import { deciderRoles, registerReaderRoles, settingsRoles } from './accounts.permissions.js';
import { getAccount } from './get-account.js';
import { listMyAccounts } from './list-my-accounts.js';
import { listRegister } from './list-register.js';
import { personalHandlesRoutes } from './personal-handles.routes.js';
import { platformIds } from './platforms.js';
import { publicVerifyRoutes } from './public-verify.routes.js';
import { registerAccount } from './register-account.js';
import { fetchPolicyFor } from './safe-fetch.js';
import { transitionAccount } from './transition-account.js';
import { updateAccount } from './update-account.js';
import {
  getRegisterSettings,
  registerSettingsSchema,
  updateRegisterSettings,
} from './update-register-settings.js';
import { verifyAccountAup } from './verify-account-aup.js';

const statusSchema = z.enum(accountStatuses);
const aupResultSchema = z.enum(['found', 'not_found', 'could_not_check', 'attested']);

const accountViewSchema = z.object({
  id: z.string(),
  platform: z.enum(platformIds),
  platformName: z.string(),
  handle: z.string().nullable(),
  profileUrl: z.string().nullable(),
  purposeKind: z.string(),
  purpose: z.string(),
  linkedEmail: z.string(),
  audience: z.array(z.string()),
  aboutText: z.string().nullable(),
  findings: z.array(
    z.object({
      field: z.enum(['about', 'purpose']),
      rule: z.string(),
      clause: z.string(),
      clauseTitle: z.string(),
      severity: z.enum(['block', 'review', 'advice']),
      message: z.string(),
    }),
  ),
  attestations: z.object({ noDirectMessages: z.boolean(), aupLink: z.boolean() }),
  status: statusSchema,
  studentAccess: z.object({ allowed: z.boolean(), message: z.string() }),
  readiness: z.object({
    ready: z.boolean(),
    problems: z.array(z.object({ code: z.string(), clause: z.string(), message: z.string() })),
  }),
  owners: z.array(z.object({ staffId: z.string(), name: z.string(), primary: z.boolean() })),
  submittedAt: z.string().nullable(),
  approvedAt: z.string().nullable(),
  approvalExpiresOn: z.string().nullable(),
  aup: z.object({
    status: aupResultSchema.nullable(),
    checkedAt: z.string().nullable(),
    verified: z.boolean(),
  }),
  abilities: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const accountDetailSchema = accountViewSchema.extend({
  history: z.array(
    z.object({
      from: statusSchema,
      to: statusSchema,
      at: z.string(),
      by: z.string(),
      reason: z.string().nullable(),
    }),
  ),
  aupChecks: z.array(
    z.object({
      result: aupResultSchema,
      reason: z.string(),
      checkedUrl: z.string().nullable(),
      trigger: z.string(),
      checkedAt: z.string(),
    }),
  ),
});

const aupCheckSchema = z.object({
  accountId: z.string(),
  result: aupResultSchema,
  previous: aupResultSchema.nullable(),
  reason: z.string(),
  checkedUrl: z.string().nullable(),
  checkedAt: z.string(),
});

const idParams = z.object({ id: z.string().max(100) }).strict();
const reasonBody = z.object({ reason: z.string().trim().max(1000).optional() }).strict();
const settingsBody = registerSettingsSchema;

/**
 * The sanctioned accounts register (policy section 2): my accounts, registration and edits, the
 * lifecycle, the register for managers and SMT, AUP-link checks, privately declared personal handles, and
 * the public verification answer (JSON and a server-rendered page that works without the web app).
 */
export const accountsRoutes: FastifyPluginAsyncZod = async (app) => {
  const deps = { clock: app.clock, contexts: app.checkContexts };
  const fetchPolicy = fetchPolicyFor(app.config);

  // Public verification is open to anyone: throttle per address so it cannot be used to enumerate.
  await app.register(rateLimit, {
    global: false,
    // Counted in the database, so several server processes share one limit.
    store: databaseRateLimitStore(app.db, app.clock),
    errorResponseBuilder: () =>
      rateLimited('TooManyVerifications', 'too many checks from here: wait a minute'),
  });

  app.get(
    '/api/accounts/mine',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['accounts'],
        summary: 'Accounts I own or co-own',
        response: { 200: z.object({ items: z.array(accountViewSchema) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return { items: await listMyAccounts(app.db, actor, actor.schoolId) };
    },
  );

  app.get(
    '/api/accounts',
    {
      config: { access: rolesAccess(...registerReaderRoles) },
      schema: {
        tags: ['accounts'],
        summary: 'The register, filtered by status, platform or owner (managers, SMT, headteacher, admin)',
        querystring: z
          .object({
            status: statusSchema.optional(),
            platform: z.enum(platformIds).optional(),
            owner: z.uuid().optional(),
          })
          .strict(),
        response: { 200: z.object({ items: z.array(accountViewSchema) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { status, platform, owner } = request.query;
      return {
        items: await listRegister(app.db, actor, actor.schoolId, {
          ...(status ? { status } : {}),
          ...(platform ? { platform } : {}),
          ...(owner ? { ownerStaffId: owner } : {}),
        }),
      };
    },
  );

  app.post(
    '/api/accounts',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['accounts'],
        summary: 'Register an educational account (a draft; refusals and findings cite their clause)',
        body: accountInputSchema,
        response: { 201: accountViewSchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const view = await registerAccount(app.db, actor, actor.schoolId, request.body, deps);
      return reply.status(201).send(view);
    },
  );

  app.get(
    '/api/accounts/settings',
    {
      config: { access: rolesAccess(...registerReaderRoles) },
      schema: {
        tags: ['accounts'],
        summary: 'How long an approval lasts and when reminders start',
        response: { 200: settingsBody },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return getRegisterSettings(app.db, actor, actor.schoolId);
    },
  );

  app.put(
    '/api/accounts/settings',
    {
      config: { access: rolesAccess(...settingsRoles) },
      schema: {
        tags: ['accounts'],
        summary: 'Set the approval period (months) and reminder window (days)',
        body: settingsBody,
        response: { 200: settingsBody },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return updateRegisterSettings(app.db, actor, actor.schoolId, request.body, app.clock);
    },
  );

  app.get(
    '/api/accounts/:id',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['accounts'],
        summary: 'One account with its history and AUP checks',
        params: idParams,
        response: { 200: accountDetailSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return getAccount(app.db, actor, actor.schoolId, request.params.id);
    },
  );

  app.put(
    '/api/accounts/:id',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['accounts'],
        summary: 'Edit a draft or an account sent back for changes (owners)',
        params: idParams,
        body: accountInputSchema,
        response: { 200: accountViewSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return updateAccount(app.db, actor, actor.schoolId, request.params.id, request.body, deps);
    },
  );

  app.post(
    '/api/accounts/:id/submit',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['accounts'],
        summary: 'Submit for approval (owners); notifies the owners’ managers and SMT',
        params: idParams,
        response: { 200: accountViewSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return transitionAccount(app.db, actor, actor.schoolId, request.params.id, 'submit', undefined, deps);
    },
  );

  app.post(
    '/api/accounts/:id/decision',
    {
      config: { access: rolesAccess(...deciderRoles) },
      schema: {
        tags: ['accounts'],
        summary:
          'Approve, request changes, reject, suspend or reinstate (a manager or SMT who is not an owner)',
        params: idParams,
        body: z
          .object({
            decision: z.enum(['approve', 'request_changes', 'reject', 'suspend', 'reinstate']),
            reason: z.string().trim().max(1000).optional(),
          })
          .strict(),
        response: { 200: accountViewSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { decision, reason } = request.body;
      return transitionAccount(app.db, actor, actor.schoolId, request.params.id, decision, reason, deps);
    },
  );

  app.post(
    '/api/accounts/:id/retire',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['accounts'],
        summary: 'Retire an account no longer used (owners or SMT)',
        params: idParams,
        body: reasonBody,
        response: { 200: accountViewSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return transitionAccount(
        app.db,
        actor,
        actor.schoolId,
        request.params.id,
        'retire',
        request.body.reason,
        deps,
      );
    },
  );

  app.post(
    '/api/accounts/:id/verify',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['accounts'],
        summary: 'Check the AUP link on the profile page now (clause 2.8)',
        params: idParams,
        response: { 200: aupCheckSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return verifyAccountAup(app.db, actor, actor.schoolId, request.params.id, {
        policy: fetchPolicy,
        clock: app.clock,
        trigger: 'manual',
      });
    },
  );

  await personalHandlesRoutes(app);
  await publicVerifyRoutes(app);
};
