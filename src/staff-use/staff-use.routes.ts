import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fetchPolicyFor, safeFetch } from '../accounts/safe-fetch.js';
import { forbidden } from '../platform/errors.js';
import { requireActor } from '../platform/http/auth-plugin.js';
import { rolesAccess, signedInAccess } from '../platform/http/route-access.js';
import { attestPrivacy } from './attest-privacy.js';
import { attestSelfAudit, selfAuditPlatforms } from './attest-self-audit.js';
import { decideContactException } from './decide-contact-exception.js';
import { getMyStaffUseStatus } from './get-my-staff-use-status.js';
import { getStaffCompliance } from './get-staff-compliance.js';
import { getContactExceptions } from './list-contact-exceptions.js';
import { hashedRosterMap, MAX_HASHES_PER_REQUEST, matchSelfAuditHashes } from './match-self-audit-hashes.js';
import { privacyChecklists } from './privacy-checklists.js';
import { fetchMastodonFollowers } from './public-followers.js';
import { requestContactException } from './request-contact-exception.js';
import { spendSelfAuditAllowance } from './self-audit-limits.js';
import { SelfAuditMatchers } from './self-audit-matchers.js';
import { staffHandoverRoutes } from './staff-handovers.routes.js';
import { complianceRoles, settingsRoles } from './staff-use.permissions.js';
import { startSelfAudit } from './start-self-audit.js';
import { readStaffUseSettings, updateStaffUseSettings } from './update-staff-use-settings.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const channel = z.enum(['personal_phone', 'personal_email']);
const status = z.enum(['pending', 'approved', 'refused', 'expired', 'closed']);

const exceptionSchema = z.object({
  id: z.string(),
  staffId: z.string(),
  staffName: z.string(),
  channel,
  contact: z.string().nullable(),
  reason: z.string(),
  audience: z.string(),
  from: z.string(),
  to: z.string(),
  status,
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
  createdAt: z.string(),
  canDecide: z.boolean(),
});

const matchSchema = z.object({
  kind: z.enum(['current_pupil', 'former_pupil_under_18', 'carer']),
  detail: z.string(),
});

/**
 * Staff personal use (policy section 1): contact exceptions (1.5, 1.6), privacy checklists and attestations
 * (1.4), the follower self-audit (1.1, 1.9: hashes in, kinds out, an attestation stored) and SMT's view of
 * completion.
 */
export const staffUseRoutes: FastifyPluginAsyncZod = async (app) => {
  const matchers = new SelfAuditMatchers();
  // Public follower lists: the SSRF-safe fetcher, a short deadline per page and no more than a page's size.
  const followerFetchPolicy = {
    ...fetchPolicyFor(app.config),
    timeoutMs: 8_000,
    maxBytes: 512 * 1024,
    maxRedirects: 2,
    userAgent: 'Guardpost follower check (a member of staff checking their own followers)',
  };

  app.get(
    '/api/privacy-checklists',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['staff use'],
        summary: 'The privacy-settings checklist of each platform (clause 1.4)',
        response: {
          200: z.object({
            version: z.string(),
            note: z.string(),
            platforms: z.array(
              z.object({
                id: z.string(),
                name: z.string(),
                settings: z.array(z.object({ id: z.string(), title: z.string(), how: z.string() })),
              }),
            ),
          }),
        },
      },
    },
    async () => ({
      ...privacyChecklists,
      platforms: privacyChecklists.platforms.map((p) => ({ ...p, settings: [...p.settings] })),
    }),
  );

  app.post(
    '/api/privacy-attestations',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['staff use'],
        summary: 'I have set these privacy settings on this platform (counts stored, for this period)',
        body: z
          .object({
            platform: z.string().min(1).max(40),
            confirmed: z.array(z.string().min(1).max(60)).max(50),
          })
          .strict(),
        response: {
          200: z.object({
            platform: z.string(),
            period: z.string(),
            confirmed: z.number().int(),
            total: z.number().int(),
            attestedAt: z.string(),
          }),
        },
      },
    },
    async (request) =>
      attestPrivacy(app.db, requireActor(request), request.body, app.clock.now(), app.clock.today()),
  );

  app.post(
    '/api/self-audit/sessions',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['staff use'],
        summary: 'Start a follower check: a fresh HMAC key for this hour (nothing of the list is sent)',
        response: { 200: z.object({ id: z.string(), key: z.string(), expiresAt: z.string() }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const started = await startSelfAudit(app.db, actor, app.clock.now());
      // The roster's side is hashed while the browser works on the export (a second's budget in all).
      matchers.prepare(started.id, new Date(started.expiresAt), () =>
        hashedRosterMap(app.db, actor.schoolId, Buffer.from(started.key, 'base64'), app.clock.today()),
      );
      return started;
    },
  );

  app.post(
    '/api/self-audit/sessions/:id/match',
    {
      config: { access: signedInAccess },
      // Hashes only: 25,000 of 16 characters fit well inside the app's 1 MB body limit.
      schema: {
        tags: ['staff use'],
        summary: 'Which of these keyed hashes are a pupil, a former pupil under 18 or a carer (kinds only)',
        params: z.object({ id: z.uuid() }),
        body: z
          .object({
            hashes: z
              .array(z.string().regex(/^[A-Za-z0-9_-]{16}$/, 'a 16-character keyed hash'))
              .max(MAX_HASHES_PER_REQUEST),
          })
          .strict(),
        response: {
          200: z.object({ matches: z.array(z.object({ hash: z.string(), matches: z.array(matchSchema) })) }),
        },
      },
    },
    async (request) =>
      matchSelfAuditHashes(
        app.db,
        requireActor(request),
        { keyId: request.params.id, hashes: request.body.hashes },
        app.clock.now(),
        app.clock.today(),
        matchers,
      ),
  );

  app.post(
    '/api/self-audit/attestations',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['staff use'],
        summary: 'Record a finished follower check: platform, followers checked, matches, all resolved',
        body: z
          .object({
            platform: z.enum(selfAuditPlatforms),
            followersChecked: z.number().int().min(0),
            matches: z.number().int().min(0),
            allResolved: z.boolean(),
          })
          .strict(),
        response: { 200: z.object({ id: z.string(), period: z.string(), attestedAt: z.string() }) },
      },
    },
    async (request) =>
      attestSelfAudit(app.db, requireActor(request), request.body, app.clock.now(), app.clock.today()),
  );

  app.get(
    '/api/staff-use/me',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['staff use'],
        summary: 'My personal-use record for this period: policy, privacy attestations, follower checks',
        response: {
          200: z.object({
            period: z.string(),
            periodLabel: z.string(),
            policyAcknowledged: z.boolean(),
            newcomerDueOn: z.string().nullable(),
            privacy: z.array(
              z.object({
                platform: z.string(),
                confirmed: z.number().int(),
                total: z.number().int(),
                attestedAt: z.string(),
              }),
            ),
            selfAudits: z.array(
              z.object({
                platform: z.string(),
                followersChecked: z.number().int(),
                matches: z.number().int(),
                allResolved: z.boolean(),
                attestedAt: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => getMyStaffUseStatus(app.db, requireActor(request), app.clock.today()),
  );

  app.get(
    '/api/staff-compliance',
    {
      config: { access: rolesAccess(...complianceRoles) },
      schema: {
        tags: ['staff use'],
        summary:
          'Completion by person for a period: policy acknowledged, privacy attested, followers checked',
        querystring: z
          .object({
            period: z
              .string()
              .regex(/^\d{4}-(autumn|spring|summer|\d{2})$/, 'a period such as 2026-autumn or 2026-27')
              .optional(),
          })
          .strict(),
        response: {
          200: z.object({
            period: z.string(),
            periodLabel: z.string(),
            total: z.number().int(),
            percentages: z.object({
              policyAcknowledged: z.number(),
              privacyAttested: z.number(),
              selfAudited: z.number(),
            }),
            staff: z.array(
              z.object({
                staffId: z.string(),
                name: z.string(),
                policyAcknowledged: z.boolean(),
                privacyPlatforms: z.number().int(),
                selfAudited: z.boolean(),
              }),
            ),
          }),
        },
      },
    },
    async (request) =>
      getStaffCompliance(app.db, requireActor(request), request.query, app.clock.now(), app.clock.today()),
  );

  const settingsSchema = z.object({ attestationPeriod: z.enum(['term', 'year']) });

  app.get(
    '/api/staff-use/settings',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['staff use'],
        summary: 'How often staff attest: each term or each school year',
        response: { 200: settingsSchema },
      },
    },
    async (request) => readStaffUseSettings(app.db, requireActor(request).schoolId),
  );

  app.put(
    '/api/staff-use/settings',
    {
      config: { access: rolesAccess(...settingsRoles) },
      schema: {
        tags: ['staff use'],
        summary: 'Set how often staff attest (the official numbers are in the check settings)',
        body: settingsSchema.strict(),
        response: { 200: settingsSchema },
      },
    },
    async (request) => updateStaffUseSettings(app.db, requireActor(request), request.body, app.clock.now()),
  );

  app.post(
    '/api/contact-exceptions',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['staff use'],
        summary:
          'Ask the headteacher to use a personal phone or email for school business (clauses 1.5, 1.6)',
        body: z
          .object({
            channel,
            reason: z.string().max(2000),
            audience: z.string().max(500),
            from: isoDate,
            to: isoDate,
            contact: z.string().max(200).optional(),
          })
          .strict(),
        response: { 200: exceptionSchema },
      },
    },
    async (request) =>
      requestContactException(
        app.db,
        requireActor(request),
        request.body,
        app.clock.now(),
        app.clock.today(),
      ),
  );

  app.post(
    '/api/contact-exceptions/:id/decision',
    {
      config: { access: rolesAccess('headteacher') },
      schema: {
        tags: ['staff use'],
        summary: 'The headteacher approves or refuses a request, with a reason',
        params: z.object({ id: z.uuid() }),
        body: z.object({ decision: z.enum(['approved', 'refused']), reason: z.string().max(2000) }).strict(),
        response: { 200: exceptionSchema },
      },
    },
    async (request) =>
      decideContactException(app.db, requireActor(request), request.params.id, request.body, app.clock.now()),
  );

  app.get(
    '/api/contact-exceptions',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['staff use'],
        summary: 'My requests, or (scope=register: SMT, the headteacher, admins) the school’s register',
        querystring: z
          .object({ scope: z.enum(['mine', 'register']).default('mine'), status: status.optional() })
          .strict(),
        response: { 200: z.object({ exceptions: z.array(exceptionSchema), canReadRegister: z.boolean() }) },
      },
    },
    async (request) => getContactExceptions(app.db, requireActor(request), request.query, app.clock.now()),
  );

  await staffHandoverRoutes(app);

  app.post(
    '/api/self-audit/public-followers',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['staff use'],
        summary:
          'A Mastodon account’s public follower list, fetched by handle for the browser to check (never logged or stored)',
        body: z.object({ platform: z.literal('mastodon'), handle: z.string().min(3).max(200) }).strict(),
        response: {
          200: z.object({
            followers: z.array(z.object({ name: z.string(), handle: z.string() })),
            truncated: z.boolean(),
          }),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      if (actor.kind !== 'staff')
        throw forbidden('StaffOnly', 'only a member of staff checks their followers');
      await spendSelfAuditAllowance(app.db, 'public_followers', actor.staffId, app.clock.now());
      return fetchMastodonFollowers((url) => safeFetch(url, followerFetchPolicy), request.body.handle);
    },
  );
};
