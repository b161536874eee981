import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../platform/http/auth-plugin.js';
import { fileResponse } from '../platform/http/response-schemas.js';
import { rolesAccess } from '../platform/http/route-access.js';
import { getGovernorsReport } from './get-governors-report.js';
import { renderGovernorsReportPdf } from './governors-report-pdf.js';
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
});

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
        { schoolId: actor.schoolId, ...request.query, format: 'json' },
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
      const report = await getGovernorsReport(
        app.db,
        actor,
        { schoolId: actor.schoolId, ...request.query, format: 'pdf' },
        app.clock.now(),
      );
      const pdf = await renderGovernorsReportPdf(report);
      return reply
        .type('application/pdf')
        .header(
          'content-disposition',
          `attachment; filename="governors-report-${report.from}-to-${report.to}.pdf"`,
        )
        .send(pdf);
    },
  );
};
