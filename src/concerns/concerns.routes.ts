import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../platform/http/auth-plugin.js';
import { fileResponse } from '../platform/http/response-schemas.js';
import { rolesAccess, signedInAccess } from '../platform/http/route-access.js';
import type { ConcernContext } from './concern-access.js';
import { concernAlertsRoutes } from './concern-alerts.routes.js';
import { MAX_EVIDENCE_BYTES, MAX_EVIDENCE_FILES } from './concern-evidence.js';
import { renderConcernPdf, renderPupilChronologyPdf } from './concern-pdf.js';
import { exporterOf, namePeopleInRecord } from './concern-pdf-people.js';
import { concernSettingsRoutes } from './concern-settings.routes.js';
import { concernTransfersRoutes } from './concern-transfers.routes.js';
import { pupilChronologyResponse } from './concerns.schemas.js';
import { concernStatuses, concernTypes, decisions, pupilRoles, referralAgencies } from './concerns.table.js';
import { getConcern } from './get-concern.js';
import { getEvidence } from './get-concern-evidence.js';
import { getPupilChronology } from './get-pupil-chronology.js';
import { listConcerns } from './list-concerns.js';
import { listMyReceipts } from './list-my-receipts.js';
import { reportConcern } from './report-concern.js';
import { type TriageCommand, triageConcern } from './triage-concern.js';

const leads = rolesAccess('dsl', 'deputy_dsl', 'headteacher');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'an ISO date, e.g. 2026-11-24');
const text = (max: number) => z.string().trim().min(1).max(max);
const idParams = z.object({ id: z.string().max(64) });

const receiptSchema = z.object({
  reference: z.string(),
  type: z.enum(concernTypes),
  status: z.enum(concernStatuses),
  reportedAt: z.string(),
});

const reportBody = z
  .object({
    type: z.enum(concernTypes),
    platform: text(100),
    occurredAt: z.iso.datetime({ offset: true }).nullable().default(null),
    pupils: z
      .array(z.object({ pupilId: z.uuid(), role: z.enum(pupilRoles) }).strict())
      .max(30)
      .default([]),
    subjectStaffId: z.uuid().nullable().default(null),
    whatHappened: text(20_000),
    childWords: z.string().trim().max(20_000).nullable().default(null),
    actionsTaken: z.string().trim().max(20_000).nullable().default(null),
    toldDslInPerson: z.boolean().default(false),
    urgency: z.enum(['urgent', 'routine']),
    evidence: z
      .array(
        z
          .object({
            name: z.string().max(200),
            contentBase64: z.string().max(Math.ceil((MAX_EVIDENCE_BYTES * 4) / 3) + 8),
          })
          .strict(),
      )
      .max(MAX_EVIDENCE_FILES)
      .default([]),
  })
  .strict();

const detailSchema = z.object({
  id: z.string(),
  reference: z.string(),
  type: z.enum(concernTypes),
  platform: z.string(),
  occurredAt: z.string().nullable(),
  urgency: z.enum(['urgent', 'routine']),
  status: z.enum(concernStatuses),
  toldDslInPerson: z.boolean(),
  reporter: z.object({ staffId: z.string(), name: z.string() }),
  subjectStaff: z.object({ staffId: z.string(), name: z.string() }).nullable(),
  whatHappened: z.string(),
  childWords: z.string().nullable(),
  actionsTaken: z.string().nullable(),
  pupils: z.array(z.object({ pupilId: z.string(), name: z.string(), role: z.enum(pupilRoles) })),
  reportedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  assignedStaffId: z.string().nullable(),
  escalationLevel: z.number(),
  decision: z.enum(decisions).nullable(),
  outcome: z.string().nullable(),
  legalHold: z.boolean(),
  retentionUntil: z.string().nullable(),
  chronology: z.array(
    z.object({
      id: z.string(),
      at: z.string(),
      kind: z.string(),
      author: z.string(),
      authorStaffId: z.string().nullable(),
      text: z.string().nullable(),
      facts: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
      correctsEntryId: z.string().nullable(),
    }),
  ),
  actions: z.array(
    z.object({
      id: z.string(),
      description: z.string(),
      ownerStaffId: z.string(),
      dueOn: z.string(),
      completedAt: z.string().nullable(),
    }),
  ),
  referrals: z.array(
    z.object({
      id: z.string(),
      agency: z.enum(referralAgencies),
      agencyReference: z.string().nullable(),
      referredOn: z.string(),
      followUpOn: z.string().nullable(),
    }),
  ),
  evidence: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      mediaType: z.string(),
      size: z.number(),
      sha256: z.string(),
      hasViewingCopy: z.boolean(),
    }),
  ),
  closeWarnings: z.array(
    z.object({ code: z.enum(['open_actions', 'follow_up_pending', 'unassigned']), message: z.string() }),
  ),
});

const reasons = text(20_000);
const triageBodies = {
  acknowledge: z.object({}).strict(),
  assign: z.object({ staffId: z.uuid() }).strict(),
  entries: z.object({ text: text(20_000), correctsEntryId: z.uuid().nullable().default(null) }).strict(),
  actions: z.object({ description: text(2000), ownerStaffId: z.uuid(), dueOn: isoDate }).strict(),
  decision: z.object({ decision: z.enum(decisions), reasons }).strict(),
  referrals: z
    .object({
      agency: z.enum(referralAgencies),
      agencyReference: z.string().trim().max(100).nullable().default(null),
      referredOn: isoDate,
      followUpOn: isoDate.nullable().default(null),
      notes: z.string().trim().max(20_000).nullable().default(null),
    })
    .strict(),
  close: z
    .object({
      outcome: text(500),
      reasons,
      closeAnywayReason: z.string().trim().max(20_000).nullable().default(null),
    })
    .strict(),
  reopen: z.object({ reasons }).strict(),
  'legal-hold': z.object({ legalHold: z.boolean(), reasons }).strict(),
};

function commandOf(path: keyof typeof triageBodies, body: unknown): TriageCommand {
  switch (path) {
    case 'acknowledge':
      return { kind: 'acknowledge' };
    case 'assign':
      return { kind: 'assign', ...triageBodies.assign.parse(body) };
    case 'entries': {
      const b = triageBodies.entries.parse(body);
      return { kind: 'note', text: b.text, correctsEntryId: b.correctsEntryId };
    }
    case 'actions':
      return { kind: 'action', ...triageBodies.actions.parse(body) };
    case 'decision':
      return { kind: 'decision', ...triageBodies.decision.parse(body) };
    case 'referrals':
      return { kind: 'referral', ...triageBodies.referrals.parse(body) };
    case 'close':
      return { kind: 'close', ...triageBodies.close.parse(body) };
    case 'reopen':
      return { kind: 'reopen', ...triageBodies.reopen.parse(body) };
    case 'legal-hold':
      return { kind: 'legal_hold', ...triageBodies['legal-hold'].parse(body) };
  }
}

/**
 * Safeguarding concerns (clauses 1.2, 1.3). Reporting is open to every member of staff; everything else
 * is for the DSL, deputies and headteacher, and a concern they may not see is "not found". Bodies carrying
 * narratives are never logged (the logger redacts them, and nothing here logs a body).
 */
export const concernsRoutes: FastifyPluginAsyncZod = async (app) => {
  const keyring = app.keyring;
  const ctx = (): ConcernContext => ({ db: app.db, keyring, now: app.clock.now() });

  app.post(
    '/api/concerns',
    {
      // A report must never be lost to a stray character: it is kept without it, and the answer says so.
      config: { access: signedInAccess, unstorableText: 'remove' },
      bodyLimit: Math.ceil((MAX_EVIDENCE_BYTES * MAX_EVIDENCE_FILES * 4) / 3) + 1024 * 1024,
      schema: {
        tags: ['concerns'],
        summary:
          'Report a safeguarding concern; the DSL (or for an adult, the headteacher) is alerted at once',
        body: reportBody,
        response: {
          201: z.object({
            id: z.string(),
            receipt: receiptSchema,
            warnings: z.array(z.object({ code: z.string(), field: z.string(), message: z.string() })),
          }),
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const body = request.body;
      const cleaned = (request.cleanedFields ?? []).map((f) => f.field.replace(/^body\./, ''));
      const result = await reportConcern(ctx(), actor, {
        schoolId: actor.schoolId,
        ...body,
        occurredAt: body.occurredAt ? new Date(body.occurredAt) : null,
        evidence: body.evidence.map((e) => ({ name: e.name, bytes: Buffer.from(e.contentBase64, 'base64') })),
        cleanedFields: cleaned,
      });
      const warnings = cleaned.map((field) => ({
        code: 'UnstorableCharacterRemoved',
        field,
        message: `${field} held a character that cannot be stored (NUL or half a character pair); the report was kept without it`,
      }));
      return reply.code(201).send({ ...result, warnings });
    },
  );

  app.get(
    '/api/concerns/mine',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['concerns'],
        summary: 'The receipts and status of my own reports',
        response: { 200: z.object({ receipts: z.array(receiptSchema) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return { receipts: await listMyReceipts(ctx(), actor, { schoolId: actor.schoolId }) };
    },
  );

  app.get(
    '/api/concerns',
    {
      config: { access: leads },
      schema: {
        tags: ['concerns'],
        summary:
          'The safeguarding dashboard: concerns I may see, with acknowledgement timers and overdue work',
        querystring: z.object({ status: z.enum(concernStatuses).optional() }).strict(),
        response: {
          200: z.object({
            concerns: z.array(
              z.object({
                id: z.string(),
                reference: z.string(),
                type: z.enum(concernTypes),
                urgency: z.enum(['urgent', 'routine']),
                status: z.enum(concernStatuses),
                reportedAt: z.string(),
                acknowledgedAt: z.string().nullable(),
                acknowledgeBy: z.string().nullable(),
                escalationLevel: z.number(),
                assignedStaffId: z.string().nullable(),
                openActions: z.number(),
                overdueActions: z.number(),
                overdueFollowUps: z.number(),
                legalHold: z.boolean(),
                canRead: z.boolean(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return {
        concerns: await listConcerns(ctx(), actor, {
          schoolId: actor.schoolId,
          today: app.clock.today(),
          status: request.query.status,
        }),
      };
    },
  );

  app.get(
    '/api/concerns/:id',
    {
      config: { access: leads },
      schema: {
        tags: ['concerns'],
        summary: 'One concern in full (audited)',
        params: idParams,
        response: { 200: detailSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return getConcern(ctx(), actor, { schoolId: actor.schoolId, concernId: request.params.id });
    },
  );

  app.get(
    '/api/concerns/:id/export.pdf',
    {
      config: { access: leads },
      schema: {
        tags: ['concerns'],
        summary: 'One concern as PDF (audited)',
        params: idParams,
        response: { 200: fileResponse('The concern as PDF', 'application/pdf') },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const detail = await getConcern(ctx(), actor, {
        schoolId: actor.schoolId,
        concernId: request.params.id,
        purpose: 'export',
      });
      const pdf = await renderConcernPdf(detail, {
        people: await namePeopleInRecord(app.db, actor.schoolId, [detail]),
        exportedBy: exporterOf(actor),
        exportedAt: app.clock.now(),
      });
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="concern-${detail.reference}.pdf"`)
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );

  app.get(
    '/api/concerns/:id/evidence/:evidenceId',
    {
      config: { access: leads },
      schema: {
        tags: ['concerns'],
        summary: 'An evidence file: the metadata-free viewing copy, or the original (audited)',
        params: z.object({ id: z.string().max(64), evidenceId: z.string().max(64) }),
        querystring: z.object({ variant: z.enum(['view', 'original']).default('view') }).strict(),
        response: { 200: fileResponse('The evidence file, in its own media type', '*/*') },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const file = await getEvidence(ctx(), actor, {
        schoolId: actor.schoolId,
        concernId: request.params.id,
        evidenceId: request.params.evidenceId,
        variant: request.query.variant,
      });
      return reply
        .type(file.mediaType)
        .header('content-disposition', 'attachment')
        .header('x-content-sha256', file.sha256)
        .header('cache-control', 'no-store')
        .send(file.bytes);
    },
  );

  for (const path of Object.keys(triageBodies) as (keyof typeof triageBodies)[]) {
    app.post(
      `/api/concerns/:id/${path}`,
      {
        config: { access: leads },
        schema: {
          tags: ['concerns'],
          summary: `Triage: ${path.replace('-', ' ')} (recorded in the chronology and audited)`,
          params: idParams,
          body: triageBodies[path],
          response: { 200: detailSchema },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        return triageConcern(ctx(), actor, {
          schoolId: actor.schoolId,
          concernId: request.params.id,
          command: commandOf(path, request.body),
        });
      },
    );
  }

  app.post(
    '/api/concerns/:id/actions/:actionId/complete',
    {
      config: { access: leads },
      schema: {
        tags: ['concerns'],
        summary: 'Triage: mark an action done',
        params: z.object({ id: z.string().max(64), actionId: z.string().max(64) }),
        response: { 200: detailSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return triageConcern(ctx(), actor, {
        schoolId: actor.schoolId,
        concernId: request.params.id,
        command: { kind: 'complete_action', actionId: request.params.actionId },
      });
    },
  );

  app.get(
    '/api/concerns/pupils/:pupilId/chronology',
    {
      config: { access: leads },
      schema: {
        tags: ['concerns'],
        summary: "A pupil's chronology across every concern (audited); add ?format=pdf for the PDF",
        params: z.object({ pupilId: z.string().max(64) }),
        querystring: z.object({ format: z.enum(['json', 'pdf']).default('json') }).strict(),
        response: { 200: pupilChronologyResponse(detailSchema) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const chronology = await getPupilChronology(ctx(), actor, {
        schoolId: actor.schoolId,
        pupilId: request.params.pupilId,
        format: request.query.format,
      });
      if (request.query.format === 'pdf')
        return reply
          .type('application/pdf')
          .header('content-disposition', 'attachment; filename="chronology.pdf"')
          .header('cache-control', 'no-store')
          .send(
            await renderPupilChronologyPdf(chronology, {
              people: await namePeopleInRecord(app.db, actor.schoolId, chronology.concerns),
              exportedBy: exporterOf(actor),
              exportedAt: app.clock.now(),
            }),
          );
      return reply.header('cache-control', 'no-store').send(chronology);
    },
  );

  await concernAlertsRoutes(app, ctx);
  await concernSettingsRoutes(app, ctx);
  await concernTransfersRoutes(app);
};
