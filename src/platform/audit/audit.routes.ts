import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../http/auth-plugin.js';
import { fileResponse } from '../http/response-schemas.js';
import { rolesAccess } from '../http/route-access.js';
import { exportAuditCsv, listAuditEvents } from './audit-log.service.js';

const filterSchema = z.object({
  type: z.string().trim().min(1).max(80).optional(),
  actor: z.string().trim().min(1).max(254).optional(),
  from: z.string().trim().min(1).max(40).optional(),
  to: z.string().trim().min(1).max(40).optional(),
  subject: z.string().trim().min(1).max(200).optional(),
});

const eventSchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  at: z.string(),
  actorStaffId: z.string().nullable(),
  actor: z.string(),
  type: z.string(),
  subjectType: z.string().nullable(),
  subjectId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  hash: z.string(),
});

/** The audit log for admins of the school they are working in. */
export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/audit',
    {
      config: { access: rolesAccess('admin') },
      schema: {
        tags: ['audit'],
        summary: "The school's audit log, newest first, filtered and paged",
        querystring: filterSchema
          .extend({
            limit: z.coerce.number().int().min(1).max(200).default(50),
            cursor: z.string().max(20).optional(),
          })
          .strict(),
        response: { 200: z.object({ items: z.array(eventSchema), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => listAuditEvents(app.db, requireActor(request), request.query),
  );

  app.get(
    '/api/audit/export.csv',
    {
      config: { access: rolesAccess('admin') },
      schema: {
        tags: ['audit'],
        summary: "The school's audit log as CSV (the export is itself audited)",
        querystring: filterSchema.strict(),
        produces: ['text/csv'],
        response: { 200: fileResponse('The audit log as CSV', 'text/csv') },
      },
    },
    async (request, reply) => {
      const rows = await exportAuditCsv(app.db, requireActor(request), request.query, app.clock.now());
      const day = app.clock.today();
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit-${day}.csv"`)
        .send(Readable.from(rows));
    },
  );
};
