import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../platform/http/auth-plugin.js';
import { fileResponse } from '../platform/http/response-schemas.js';
import { rolesAccess } from '../platform/http/route-access.js';
import { exportGovernorsReportPdf } from './export-governors-report-pdf.js';
import { evidencePackRoles, getEvidencePack } from './get-evidence-pack.js';
import { getGovernorsReport, getGovernorsTrends } from './get-governors-report.js';
import { MAX_TREND_TERMS } from './governors-trends.js';
import { reportReaderRoles } from './reports.permissions.js';

const isoDate = z
  .string()
  .trim()
  .max(10)
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written like 2026-09-01');
const rangeQuery = z.object({ from: isoDate, to: isoDate }).strict();
const band = z.enum(['fewer_than_5']).nullable();
const valueSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('count'), value: z.number().nullable(), band }),
  z.object({ kind: z.literal('percent'), value: z.number().nullable(), band }),
  z.object({ kind: z.literal('hours'), value: z.number().nullable(), band }),
  z.object({ kind: z.literal('text'), text: z.string() }),
]);
const reportSchema = z.object({
  schoolId: z.string(),
  schoolName: z.string(),
  from: z.string(),
  to: z.string(),
  marking: z.literal('OFFICIAL'),
  producedBy: z.object({ name: z.string(), role: z.string() }),
  producedAt: z.string(),
  sections: z.array(
    z.object({
      key: z.string(),
      title: z.string(),
      figures: z.array(
        z.object({
          key: z.string(),
          label: z.string(),
          definition: z.string(),
          value: valueSchema,
          parts: z.array(z.object({ key: z.string(), label: z.string(), value: valueSchema })).optional(),
        }),
      ),
    }),
  ),
  definitions: z.array(z.object({ key: z.string(), label: z.string(), definition: z.string() })),
});
const numberValueSchema = z.object({
  kind: z.enum(['count', 'percent', 'hours']),
  value: z.number().nullable(),
  band,
});
const trendsSchema = z.object({
  schoolName: z.string(),
  terms: z.array(z.object({ name: z.string(), from: z.string(), to: z.string() })),
  series: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      definition: z.string(),
      points: z.array(z.object({ term: z.string(), value: numberValueSchema })),
    }),
  ),
});
const trendsQuery = z
  .object({
    to: isoDate,
    terms: z.coerce.number().int().min(1).max(MAX_TREND_TERMS).default(MAX_TREND_TERMS),
  })
  .strict();

/** The governors' report: counts only, as JSON for the page and as a PDF; both audited. */
export const reportsRoutes: FastifyPluginAsyncZod = async (app) => {
  const access = rolesAccess(...reportReaderRoles);

  app.get(
    '/api/reports/governors',
    {
      config: { access },
      schema: {
        tags: ['reports'],
        summary: "The governors' report for a date range: counts only (audited)",
        querystring: rangeQuery,
        response: { 200: reportSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return getGovernorsReport(
        app.db,
        actor,
        { schoolId: actor.schoolId, ...request.query },
        app.clock.now(),
      );
    },
  );

  app.get(
    '/api/reports/governors/trends',
    {
      config: { access },
      schema: {
        tags: ['reports'],
        summary: "The governors' report's headline figures for each of the last terms (audited)",
        querystring: trendsQuery,
        response: { 200: trendsSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return getGovernorsTrends(
        app.db,
        actor,
        { schoolId: actor.schoolId, to: request.query.to, terms: request.query.terms },
        app.clock.now(),
      );
    },
  );

  app.get(
    '/api/reports/governors.pdf',
    {
      config: { access },
      schema: {
        tags: ['reports'],
        summary: "The governors' report for a date range as PDF, marked OFFICIAL (audited)",
        querystring: rangeQuery,
        response: { 200: fileResponse("The governors' report as PDF", 'application/pdf') },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { fileName, pdf } = await exportGovernorsReportPdf(
        app.db,
        actor,
        { schoolId: actor.schoolId, ...request.query },
        app.clock.now(),
      );
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .send(pdf);
    },
  );

  app.get(
    '/api/reports/evidence-pack',
    {
      config: { access: rolesAccess(...evidencePackRoles) },
      schema: {
        tags: ['reports'],
        summary:
          'The inspection evidence pack for a date range: a zip of CSVs and PDFs, no pupil or carer named (audited)',
        querystring: rangeQuery,
        produces: ['application/zip'],
        response: { 200: fileResponse('The evidence pack as a zip', 'application/zip') },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { fileName, zip } = await getEvidencePack(
        app.db,
        actor,
        { schoolId: actor.schoolId, ...request.query },
        app.clock.now(),
      );
      return reply
        .type('application/zip')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .send(Buffer.from(zip));
    },
  );
};
