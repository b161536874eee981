import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { publicAccess } from '../platform/http/route-access.js';
import { resolveSchool } from '../schools/schools.service.js';
import { getPolicyOverview } from './policy.service.js';

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
 */
export const policyRoutes: FastifyPluginAsyncZod = async (app) => {
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
};
