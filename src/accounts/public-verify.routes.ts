import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { httpStatusOf, isAppError } from '../platform/errors.js';
import { publicAccess } from '../platform/http/route-access.js';
import { resolveSchool } from '../schools/schools.queries.js';
import {
  renderVerifyErrorPage,
  renderVerifyPage,
  verifyIcon,
  verifyIconPath,
  verifyStylesheet,
  verifyStylesheetPath,
} from './verify-page.js';
import { verifyPublicly } from './verify-publicly.js';

type RoutesApp = Parameters<FastifyPluginAsyncZod>[0];

const verifyLimit = { max: 30, timeWindow: '1 minute' };

const publicVerificationSchema = z.object({
  school: z.object({ id: z.string(), name: z.string() }),
  official: z.boolean(),
  message: z.string(),
  matches: z.array(
    z.object({
      platform: z.string(),
      platformName: z.string(),
      account: z.string(),
      profileUrl: z.string().nullable(),
      purpose: z.string(),
      approvedOn: z.string(),
      runBy: z.string(),
    }),
  ),
});

/**
 * The public verification answer: JSON, and a server-rendered page that works without the web app, with its
 * own style and icon. Rate-limited per address (the limiter is registered by the accounts routes).
 */
export async function publicVerifyRoutes(app: RoutesApp): Promise<void> {
  const publicQuery = z
    .object({ account: z.string().trim().min(1).max(500), school: z.uuid().optional() })
    .strict();

  app.get(
    '/api/public/verify',
    {
      config: { access: publicAccess, rateLimit: verifyLimit },
      schema: {
        tags: ['accounts'],
        summary: 'Is this an official account of the school? (no sign-in; reveals no staff names)',
        querystring: publicQuery,
        response: { 200: publicVerificationSchema },
      },
    },
    async (request) => {
      const school = await resolveSchool(app.db, request.query.school);
      return verifyPublicly(app.db, school.id, request.query.account);
    },
  );

  app.get(
    '/verify',
    {
      config: { rateLimit: verifyLimit },
      schema: {
        hide: true,
        querystring: z
          .object({ account: z.string().max(500).optional(), school: z.uuid().optional() })
          .strict(),
      },
    },
    async (request, reply) => {
      let school: Awaited<ReturnType<typeof resolveSchool>>;
      try {
        school = await resolveSchool(app.db, request.query.school);
      } catch (error) {
        // A page, not JSON: someone followed a link, so say what is missing in words.
        if (!isAppError(error)) throw error;
        return reply
          .status(httpStatusOf(error))
          .type('text/html; charset=utf-8')
          .send(
            renderVerifyErrorPage(
              'This link does not name a school that Guardpost knows. Ask the school for its verification link.',
            ),
          );
      }
      const account = request.query.account?.trim() ?? '';
      const result = account === '' ? undefined : await verifyPublicly(app.db, school.id, account);
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(
          renderVerifyPage({
            school: { id: school.id, name: school.name, website: school.website },
            account,
            result,
            schoolParam: request.query.school,
          }),
        );
    },
  );

  // The public page's own style and icon: served by the API server, so the page looks right whether or not
  // the web app is built, and the browser's request for /favicon.ico finds the icon instead of a 404.
  app.get(verifyStylesheetPath, { schema: { hide: true } }, async (_request, reply) =>
    reply
      .type('text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=86400')
      .send(verifyStylesheet),
  );
  app.get(verifyIconPath, { schema: { hide: true } }, async (_request, reply) =>
    reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(verifyIcon),
  );
  app.get('/favicon.ico', { schema: { hide: true } }, async (_request, reply) =>
    reply.redirect(verifyIconPath, 301),
  );
}
