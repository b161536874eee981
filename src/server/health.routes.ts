import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { publicAccess } from '../platform/http/route-access.js';
import { checkReadiness } from '../platform/ops/readiness.js';

const checkResult = z.object({ ok: z.boolean(), detail: z.string() });
const readiness = z.object({
  status: z.enum(['ready', 'not ready']),
  failed: z.array(z.string()),
  checks: z.object({
    database: checkResult,
    migrations: checkResult.extend({ pending: z.array(z.string()) }),
    masterKey: checkResult,
    jobs: checkResult.extend({ lagSeconds: z.number(), maxLagSeconds: z.number() }),
  }),
});

/**
 * `GET /health` answers 200 only when the database answers too, so load balancers drop a broken process;
 * `GET /ready` adds migrations, the master key and job lag.
 */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/health',
    {
      config: { access: publicAccess },
      schema: {
        tags: ['system'],
        summary: 'Liveness and database check',
        response: {
          200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']) }),
          503: z.object({ status: z.literal('unavailable'), database: z.enum(['pglite', 'postgres']) }),
        },
      },
    },
    async (_request, reply) => {
      try {
        await sql`select 1`.execute(app.db);
        return { status: 'ok' as const, database: app.dbEngine };
      } catch (error) {
        app.log.error({ err: error }, 'health check: database unreachable');
        return reply.status(503).send({ status: 'unavailable' as const, database: app.dbEngine });
      }
    },
  );

  // Readiness for a load balancer or an upgrade script: everything the app needs before it takes traffic.
  // Public like /health, so it carries only check names, counts, migration names and seconds.
  app.get(
    '/ready',
    {
      config: { access: publicAccess },
      schema: {
        tags: ['system'],
        summary: 'Readiness: database, migrations, master key and job lag',
        response: { 200: readiness, 503: readiness },
      },
    },
    async (_request, reply) => {
      const result = await checkReadiness(app.db, () => app.keyring, app.clock.now());
      const body = {
        status: result.ready ? ('ready' as const) : ('not ready' as const),
        failed: result.failed,
        checks: result.checks,
      };
      return reply.status(result.ready ? 200 : 503).send(body);
    },
  );
};
