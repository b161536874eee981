import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { DbExecutor } from '../platform/db/database.js';
import { requireActor } from '../platform/http/auth-plugin.js';
import { publicAccess, rolesAccess } from '../platform/http/route-access.js';
import { getPolicyOverview } from './get-policy-overview.js';
import { previewPolicyDocument } from './preview-policy-document.js';
import { publishPolicyVersion } from './publish-policy-version.js';
import { recordPolicyReview } from './record-policy-review.js';

const clauseSchema = z.object({
  id: z.string(),
  section: z.enum(['preamble', 'personal', 'sanctioned']),
  title: z.string(),
  summary: z.string(),
  strength: z.enum(['must', 'should', 'advised']),
  enforcement: z.array(z.enum(['check', 'workflow', 'advice'])),
  carriedBy: z.array(z.string()),
});

const versionSchema = z.object({
  id: z.string(),
  label: z.string(),
  title: z.string(),
  source: z.enum(['seed', 'import']),
  format: z.enum(['text', 'markdown']),
  documentHash: z.string(),
  effectiveFrom: z.string(),
  nextReviewDue: z.string(),
  isCurrent: z.boolean(),
  sections: z.array(z.object({ id: z.string(), title: z.string(), text: z.string() })),
  reviews: z.array(
    z.object({ kind: z.enum(['written', 'reviewed']), on: z.string(), note: z.string().nullable() }),
  ),
});

const reviewSchema = z.object({
  status: z.enum(['ok', 'due_soon', 'overdue']),
  nextReviewDue: z.string(),
  daysUntilDue: z.number().int(),
  daysOverdue: z.number().int(),
});

/**
 * `GET /api/policy`: the clause registry, the school's policy versions and review status. A staff policy
 * is a public document (schools publish it on their website), so no sign-in is needed to read it.
 * `resolveSchool` (the named school, or the only one) comes from the schools domain through the
 * composition root, as creating a school installs the seed policy: schools stand on policy, not the reverse.
 */
export const policyRoutes: FastifyPluginAsyncZod<{
  resolveSchool: (db: DbExecutor, id?: string) => Promise<{ id: string; name: string }>;
}> = async (app, { resolveSchool }) => {
  app.get(
    '/api/policy',
    {
      config: { access: publicAccess },
      schema: {
        tags: ['policy'],
        summary: 'Policy clauses, versions and review status',
        querystring: z.object({ school: z.uuid().optional() }).strict(),
        response: {
          200: z.object({
            school: z.object({ id: z.string(), name: z.string() }),
            today: z.string(),
            clauses: z.array(clauseSchema),
            current: versionSchema.extend({ documentText: z.string() }).nullable(),
            versions: z.array(versionSchema),
            review: reviewSchema.nullable(),
          }),
        },
      },
    },
    async (request) => {
      const school = await resolveSchool(app.db, request.query.school);
      const today = app.clock.today();
      const overview = await getPolicyOverview(app.db, school.id, today);
      return {
        school: { id: school.id, name: school.name },
        today,
        clauses: overview.clauses.map((c) => ({
          ...c,
          enforcement: [...c.enforcement],
          carriedBy: [...c.carriedBy],
        })),
        current: overview.current,
        versions: overview.versions,
        review: overview.review,
      };
    },
  );

  const publishers = rolesAccess('smt', 'headteacher', 'admin');
  const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date (YYYY-MM-DD)');
  // A 512 KB document, JSON-escaped, fits; the service checks the text's own size before parsing.
  const documentBody = { text: z.string().min(1).max(600_000), format: z.enum(['text', 'markdown']) };
  const sectionSchema = z.object({ id: z.string(), title: z.string(), text: z.string() });

  app.post(
    '/api/policy/preview',
    {
      config: { access: publishers },
      bodyLimit: 2 * 1024 * 1024,
      schema: {
        tags: ['policy'],
        summary: 'The clauses a policy document would give, before it is published (nothing is written)',
        body: z.object(documentBody).strict(),
        response: { 200: z.object({ title: z.string(), sections: z.array(sectionSchema) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return previewPolicyDocument(actor, actor.schoolId, request.body);
    },
  );

  app.post(
    '/api/policy/versions',
    {
      config: { access: publishers },
      bodyLimit: 2 * 1024 * 1024,
      schema: {
        tags: ['policy'],
        summary:
          'Publish a new version of the policy (text or Markdown); every member of staff is asked to acknowledge it',
        body: z
          .object({
            ...documentBody,
            label: z.string().trim().max(60).optional(),
            effectiveFrom: isoDate.optional(),
            nextReviewDue: isoDate.optional(),
          })
          .strict(),
        response: { 201: versionSchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const version = await publishPolicyVersion(
        app.db,
        actor,
        { ...request.body, schoolId: actor.schoolId },
        app.clock.today(),
        app.clock.now(),
      );
      return reply.status(201).send(version);
    },
  );

  app.post(
    '/api/policy/reviews',
    {
      config: { access: publishers },
      schema: {
        tags: ['policy'],
        summary: 'Record that the current version was reviewed and stands, with its next review date',
        body: z
          .object({
            reviewedOn: isoDate,
            nextReviewDue: isoDate.optional(),
            note: z.string().max(500).optional(),
          })
          .strict(),
        response: { 201: z.object({ reviewedOn: z.string(), nextReviewDue: z.string() }) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const review = await recordPolicyReview(
        app.db,
        actor,
        { ...request.body, schoolId: actor.schoolId },
        app.clock.today(),
        app.clock.now(),
      );
      return reply.status(201).send(review);
    },
  );
};
