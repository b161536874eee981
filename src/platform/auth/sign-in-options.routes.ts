import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { publicAccess } from '../http/route-access.js';

/**
 * `GET /api/auth/sign-in-options`: which schools offer single sign-on, so the sign-in page can show a
 * "Sign in with your school account" button for each. Only names and a yes/no leave the server (school
 * names are public; issuers and client ids are not).
 */
export const signInOptionsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/auth/sign-in-options',
    {
      config: { access: publicAccess },
      schema: {
        tags: ['auth'],
        summary: 'Schools and whether each offers single sign-on (for the sign-in page)',
        response: {
          200: z.object({
            schools: z.array(z.object({ id: z.string(), name: z.string(), sso: z.boolean() })),
          }),
        },
      },
    },
    async () => {
      const rows = await app.db
        .selectFrom('schools')
        .leftJoin('school_auth_settings', 'school_auth_settings.school_id', 'schools.id')
        .select(['schools.id as id', 'schools.name as name', 'school_auth_settings.oidc_issuer as issuer'])
        .orderBy('schools.name')
        .execute();
      return { schools: rows.map((r) => ({ id: r.id, name: r.name, sso: r.issuer !== null })) };
    },
  );
};
