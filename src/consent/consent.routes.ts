import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { invalid, rateLimited } from '../platform/errors.js';
import { requireActor } from '../platform/http/auth-plugin.js';
import { publicBaseUrl } from '../platform/http/public-url.js';
import { publicAccess, rolesAccess, signedInAccess } from '../platform/http/route-access.js';
import { storableFileName } from '../platform/http/storable-text.js';
import { jsonFileBytes, uploadedFileBytes } from '../platform/http/upload-part.js';
import { databaseRateLimitStore } from '../platform/rate-limit/database-store.js';
import type { ConsentDeps } from './consent.events.js';
import { consentDecisions, consentPurposes, consentToldBy } from './consent.table.js';
import { MAX_CONSENT_FILE_BYTES } from './consent-csv.js';
import { getConsentRequest } from './get-consent-request.js';
import { getPupilConsents } from './get-pupil-consents.js';
import { getYearGroupConsents } from './get-year-group-consents.js';
import { importConsents } from './import-consents.js';
import { recordConsent } from './record-consent.js';
import { sendConsentLink } from './send-consent-link.js';
import { signConsentLink } from './sign-consent-link.js';

/** Recording, importing and asking for consent; the service checks the same roles again. */
export const consentRecorders = rolesAccess('admin', 'smt', 'headteacher');

const booleanFlag = z
  .enum(['true', 'false', '1', '0'])
  .optional()
  .transform((v) => v === 'true' || v === '1');

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

const pupilConsentsSchema = z.object({
  pupilId: z.string(),
  today: z.string(),
  purposes: z.array(
    z.object({
      purpose: z.enum(consentPurposes),
      state: z.enum(['granted', 'refused', 'withdrawn', 'expired', 'pupil_left', 'none']),
      holds: z.boolean(),
      reasons: z.array(z.string()),
      endsOn: z.string().nullable(),
      decisionId: z.string().nullable(),
    }),
  ),
  history: z.array(
    z.object({
      id: z.string(),
      purpose: z.enum(consentPurposes),
      state: z.enum(consentDecisions),
      source: z.enum(['staff', 'e_signature', 'import']),
      carerId: z.string().nullable(),
      method: z.enum(['uploaded_form', 'e_signature', 'carer_told']),
      toldBy: z.enum(consentToldBy).nullable(),
      evidenceReference: z.string().nullable(),
      evidenceSha256: z.string().nullable(),
      signatureName: z.string().nullable(),
      signedAt: z.string().nullable(),
      signedIp: z.string().nullable(),
      givenOn: z.string(),
      expiresOn: z.string(),
      recordedBy: z.string(),
      recordedAt: z.string(),
    }),
  ),
});

const consentStates = ['granted', 'refused', 'withdrawn', 'expired', 'pupil_left', 'none'] as const;
const consentCountsSchema = z.object({
  granted: z.number().int(),
  refused: z.number().int(),
  withdrawn: z.number().int(),
  expired: z.number().int(),
  pupil_left: z.number().int(),
  none: z.number().int(),
  holds: z.number().int(),
});

const yearGroupConsentsSchema = z.object({
  yearGroup: z.number().int(),
  today: z.string(),
  pupils: z.array(
    z.object({
      pupilId: z.string(),
      givenName: z.string(),
      familyName: z.string(),
      preferredName: z.string().nullable(),
      purposes: z.array(
        z.object({
          purpose: z.enum(consentPurposes),
          state: z.enum(consentStates),
          holds: z.boolean(),
          endsOn: z.string().nullable(),
        }),
      ),
    }),
  ),
  counts: z.object({
    social_media: consentCountsSchema,
    website: consentCountsSchema,
    press: consentCountsSchema,
  }),
});

/**
 * The consent register over HTTP: every member of staff reads a pupil's consent (they tag pupils in
 * photos); SMT, the headteacher and admins record and import decisions and send e-signature links.
 */
export const consentRoutes: FastifyPluginAsyncZod<{ deps: ConsentDeps }> = async (app, { deps }) => {
  await app.register(multipart, { limits: { fileSize: MAX_CONSENT_FILE_BYTES, files: 1, fields: 5 } });
  await app.register(rateLimit, {
    global: false,
    // Counted in the database, so several server processes share one limit.
    store: databaseRateLimitStore(app.db, app.clock),
    errorResponseBuilder: () => rateLimited('TooManyAttempts', 'too many attempts: wait a minute'),
  });

  app.get(
    '/api/consents/pupils/:pupilId',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['consent'],
        summary: "A pupil's consent for each purpose today (with reasons) and every decision on record",
        params: z.object({ pupilId: z.string().max(64) }),
        response: { 200: pupilConsentsSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return getPupilConsents(app.db, actor, {
        schoolId: actor.schoolId,
        pupilId: request.params.pupilId,
        today: app.clock.today(),
      });
    },
  );

  app.get(
    '/api/consents/year-groups/:yearGroup',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['consent'],
        summary:
          'Consent per class: every pupil on roll in a year group, their consent per purpose today, and counts',
        params: z.object({ yearGroup: z.coerce.number().int().min(0).max(14) }).strict(),
        response: { 200: yearGroupConsentsSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return getYearGroupConsents(app.db, actor, {
        schoolId: actor.schoolId,
        yearGroup: request.params.yearGroup,
        today: app.clock.today(),
      });
    },
  );

  app.post(
    '/api/consents',
    {
      config: { access: consentRecorders },
      schema: {
        tags: ['consent'],
        summary:
          "Record a carer's decision (supersedes earlier decisions): a grant from a signed form; a refusal or withdrawal also when told by phone, email or in person",
        body: z
          .object({
            pupilId: z.string().max(64),
            purpose: z.enum(consentPurposes),
            state: z.enum(consentDecisions),
            carerId: z.string().max(64),
            evidenceReference: z.string().trim().min(1).max(200).optional(),
            /** A refusal or withdrawal told by phone, email or in person: no form needed yet. */
            toldBy: z.enum(consentToldBy).optional(),
            evidenceSha256: z
              .string()
              .regex(/^[0-9a-f]{64}$/, '64 lower-case hex characters')
              .optional(),
            givenOn: isoDate,
            expiresOn: isoDate.optional(),
          })
          .strict(),
        response: {
          201: z.object({ id: z.string(), state: z.enum(consentDecisions), expiresOn: z.string() }),
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const row = await recordConsent(
        app.db,
        actor,
        { ...request.body, schoolId: actor.schoolId, today: app.clock.today() },
        app.clock.now(),
        deps,
      );
      return reply.status(201).send({ id: row.id, state: row.state, expiresOn: row.expires_on });
    },
  );

  app.post(
    '/api/consents/import',
    {
      config: { access: consentRecorders },
      bodyLimit: MAX_CONSENT_FILE_BYTES * 2,
      schema: {
        tags: ['consent'],
        summary: 'Import consents from the MIS CSV (all or nothing; bad rows listed as file:line:column)',
        description:
          'Columns: pupil_external_id,purpose,state,date,evidence_reference[,carer_external_id]. Send ' +
          'multipart/form-data with one file (and dryRun), or JSON {name, content, encoding, dryRun}.',
        querystring: z.object({ dryRun: booleanFlag }).strict(),
        body: z
          .object({
            name: z.string().min(1).max(200),
            content: z.string(),
            encoding: z.enum(['utf8', 'base64']).default('utf8'),
            dryRun: z.boolean().default(false),
          })
          .strict()
          .nullish(),
        response: {
          200: z.object({
            dryRun: z.boolean(),
            importId: z.string().nullable(),
            counts: z.record(z.string(), z.number()),
          }),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      let file: { name: string; bytes: Uint8Array } | undefined;
      let dryRun = request.query.dryRun;
      if (request.isMultipart()) {
        for await (const part of request.parts()) {
          if (part.type === 'file') {
            const bytes = await uploadedFileBytes(part, MAX_CONSENT_FILE_BYTES, 'ConsentFileTooLarge');
            file = { name: storableFileName(part.filename || part.fieldname), bytes };
          } else if (part.fieldname === 'dryRun') dryRun ||= part.value === 'true' || part.value === '1';
        }
      } else if (request.body) {
        const body = request.body;
        file = { name: body.name, bytes: jsonFileBytes(body, MAX_CONSENT_FILE_BYTES, 'ConsentFileTooLarge') };
        dryRun ||= body.dryRun;
      }
      if (!file) throw invalid('ConsentFileMissing', 'send the consent CSV file');
      return importConsents(
        app.db,
        actor,
        { schoolId: actor.schoolId, file, dryRun, today: app.clock.today() },
        app.clock.now(),
        deps,
      );
    },
  );

  app.post(
    '/api/consents/links',
    {
      config: { access: consentRecorders },
      schema: {
        tags: ['consent'],
        summary: 'Email a carer with parental responsibility a one-time e-signature link (14 days)',
        body: z
          .object({
            pupilId: z.string().max(64),
            carerId: z.string().max(64),
            purpose: z.enum(consentPurposes),
          })
          .strict(),
        response: { 202: z.object({ expiresAt: z.string() }) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { expiresAt } = await sendConsentLink(
        app.db,
        actor,
        { ...request.body, schoolId: actor.schoolId, baseUrl: publicBaseUrl(request) },
        app.clock.now(),
      );
      return reply.status(202).send({ expiresAt: expiresAt.toISOString() });
    },
  );

  // The carer's side: public (they have no account), the token in the body so it never lands in a log.
  const token = z.string().min(20).max(200);

  app.post(
    '/api/consent-links/lookup',
    {
      config: { access: publicAccess, csrfExempt: true, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['consent'],
        summary: 'What a consent link asks: the school, the child’s first name and the purpose',
        body: z.object({ token }).strict(),
        response: {
          200: z.object({
            schoolName: z.string(),
            pupilGivenName: z.string(),
            purpose: z.enum(consentPurposes),
            expiresAt: z.string(),
          }),
        },
      },
    },
    async (request) => {
      const found = await getConsentRequest(app.db, request.body.token, app.clock.now());
      return { ...found, expiresAt: found.expiresAt.toISOString() };
    },
  );

  app.post(
    '/api/consent-links/sign',
    {
      config: { access: publicAccess, csrfExempt: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['consent'],
        summary: 'The carer types their name and grants or refuses consent (the link then stops working)',
        body: z.object({ token, name: z.string().max(300), decision: z.enum(['grant', 'refuse']) }).strict(),
        response: { 201: z.object({ state: z.enum(consentDecisions), expiresOn: z.string() }) },
      },
    },
    async (request, reply) => {
      const result = await signConsentLink(
        app.db,
        { ...request.body, ip: request.ip },
        app.clock.now(),
        app.clock.today(),
        deps,
      );
      return reply.status(201).send(result);
    },
  );
};
