import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../platform/http/auth-plugin.js';
import { fileResponse } from '../platform/http/response-schemas.js';
import { rolesAccess } from '../platform/http/route-access.js';
import { exportSubjectAccessRequest } from './export-subject-access-request.js';
import { findRequestSubjects } from './find-request-subjects.js';
import { getSubjectAccessRequest } from './get-subject-access-request.js';
import { listSubjectAccessRequests } from './list-subject-access-requests.js';
import { openSubjectAccessRequest } from './open-subject-access-request.js';
import { reviewSubjectAccessRequest } from './review-subject-access-request.js';

const itemSchema = z.object({
  id: z.string(),
  section: z.string(),
  title: z.string(),
  safeguarding: z.boolean(),
  fields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

const sarSchema = z.object({
  id: z.string(),
  subjectKind: z.enum(['pupil', 'carer', 'staff']),
  subjectId: z.string(),
  subject: z.object({ kind: z.string(), id: z.string(), name: z.string() }).nullable(),
  receivedOn: z.string(),
  dueOn: z.string(),
  status: z.enum(['awaiting_review', 'reviewed', 'released']),
  withheld: z.array(z.object({ itemId: z.string(), reason: z.string() })),
  reviewNote: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  releasedAt: z.string().nullable(),
  items: z.array(itemSchema).nullable(),
});

const handlers = rolesAccess('dsl', 'deputy_dsl', 'headteacher', 'admin');

/** Subject access requests: open, review (DSL and deputy), release as a zip of JSON and PDF. */
export const sarRoutes: FastifyPluginAsyncZod = async (app) => {
  // The keyring is the composition root's (loaded on first use), never loaded here.
  const ctx = () => ({ db: app.db, keyring: app.keyring, clock: app.clock });

  app.get(
    '/api/sar',
    {
      config: { access: handlers },
      schema: {
        tags: ['subject access'],
        summary: "The school's subject access requests with their state and what the review withheld and why",
        response: {
          200: z.object({
            requests: z.array(
              z.object({
                id: z.string(),
                subjectKind: z.enum(['pupil', 'carer', 'staff']),
                subjectId: z.string(),
                subjectName: z.string().nullable(),
                receivedOn: z.string(),
                dueOn: z.string(),
                status: z.enum(['awaiting_review', 'reviewed', 'released']),
                withheldCount: z.number().int(),
                withheldReasons: z.array(z.string()),
                reviewedBy: z.string().nullable(),
                releasedAt: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return { requests: await listSubjectAccessRequests(app.db, actor, { schoolId: actor.schoolId }) };
    },
  );

  app.get(
    '/api/sar/subjects',
    {
      config: { access: handlers },
      schema: {
        tags: ['subject access'],
        summary: 'Find the person a request is about: pupils, carers and staff of the school by name',
        querystring: z.object({ q: z.string().max(100) }).strict(),
        response: {
          200: z.object({
            people: z.array(
              z.object({
                kind: z.enum(['pupil', 'carer', 'staff']),
                id: z.string(),
                name: z.string(),
                detail: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return {
        people: await findRequestSubjects(app.db, actor, { schoolId: actor.schoolId, q: request.query.q }),
      };
    },
  );

  app.post(
    '/api/sar',
    {
      config: { access: handlers },
      schema: {
        tags: ['subject access'],
        summary: 'Open a subject access request for a pupil, carer or member of staff',
        body: z
          .object({
            subjectKind: z.enum(['pupil', 'carer', 'staff']),
            subjectId: z.uuid(),
            receivedOn: z.iso.date().optional(),
          })
          .strict(),
        response: { 201: sarSchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const view = await openSubjectAccessRequest(ctx(), actor, {
        schoolId: actor.schoolId,
        ...request.body,
      });
      return reply.code(201).send(view);
    },
  );

  app.get(
    '/api/sar/:id',
    {
      config: { access: handlers },
      schema: {
        tags: ['subject access'],
        summary: 'A subject access request; the DSL and deputy also get the items to review',
        params: z.object({ id: z.uuid() }).strict(),
        response: { 200: sarSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return getSubjectAccessRequest(ctx(), actor, { schoolId: actor.schoolId, id: request.params.id });
    },
  );

  app.post(
    '/api/sar/:id/review',
    {
      config: { access: rolesAccess('dsl', 'deputy_dsl') },
      schema: {
        tags: ['subject access'],
        summary: 'Record the safeguarding review: what is withheld and why',
        params: z.object({ id: z.uuid() }).strict(),
        body: z
          .object({
            withheld: z
              .array(z.object({ itemId: z.string().max(200), reason: z.string().max(2000) }).strict())
              .max(2000),
            note: z.string().max(5000).nullable().default(null),
          })
          .strict(),
        response: { 200: sarSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return reviewSubjectAccessRequest(ctx(), actor, {
        schoolId: actor.schoolId,
        id: request.params.id,
        ...request.body,
      });
    },
  );

  app.get(
    '/api/sar/:id/export.zip',
    {
      config: { access: handlers },
      schema: {
        tags: ['subject access'],
        summary: 'Release the export (after the review): a zip of personal-data.json and personal-data.pdf',
        params: z.object({ id: z.uuid() }).strict(),
        produces: ['application/zip'],
        response: { 200: fileResponse('The released export as a zip', 'application/zip') },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { fileName, zip } = await exportSubjectAccessRequest(ctx(), actor, {
        schoolId: actor.schoolId,
        id: request.params.id,
      });
      return reply
        .type('application/zip')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .send(zip);
    },
  );
};
