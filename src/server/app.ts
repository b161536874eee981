import '../platform/http/app-context.js';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { accountsRoutes } from '../accounts/accounts.routes.js';
import { abilitiesOf, abilitiesSchema } from '../app/abilities.js';
import type { AppContext } from '../app/context.js';
import { linkExpansionFor } from '../app/link-expansion.js';
import { checkRulesRoutes } from '../checks/check-rules.routes.js';
import { checksRoutes } from '../checks/checks.routes.js';
import { concernsRoutes } from '../concerns/concerns.routes.js';
import { connectorsRoutes } from '../connectors/connectors.routes.js';
import { consentRoutes } from '../consent/consent.routes.js';
import { latestDirectMessageCheck } from '../moderation/latest-direct-message-check.js';
import { metaWebhookRoutes } from '../moderation/meta-webhook.routes.js';
import { moderationRoutes } from '../moderation/moderation.routes.js';
import { peopleRoutes } from '../people/people.routes.js';
import { auditRoutes } from '../platform/audit/audit.routes.js';
import { authRoutes } from '../platform/auth/auth.routes.js';
import { signInOptionsRoutes } from '../platform/auth/sign-in-options.routes.js';
import type { Config } from '../platform/config.js';
import { authPlugin } from '../platform/http/auth-plugin.js';
import { storableTextPlugin } from '../platform/http/storable-text.js';
import { notificationRoutes } from '../platform/notify/notifications.routes.js';
import { metricsPlugin } from '../platform/ops/metrics.js';
import { acknowledgementRoutes } from '../policy/acknowledgements.routes.js';
import { policyRoutes } from '../policy/policy.routes.js';
import { photoLinksRoutes } from '../posts/photo-links.routes.js';
import { photoOriginalsRoutes } from '../posts/photo-originals.routes.js';
import { postsRoutes } from '../posts/posts.routes.js';
import { reportsRoutes } from '../reports/reports.routes.js';
import { retentionRoutes } from '../retention/retention.routes.js';
import { sarRoutes } from '../sar/sar.routes.js';
import { resolveSchool } from '../schools/schools.queries.js';
import { linkTo } from '../shared/links.js';
import { approvedPersonalChannelsFor } from '../staff-use/approved-personal-channels.js';
import { staffUseRoutes } from '../staff-use/staff-use.routes.js';
import { trustsRoutes } from '../trusts/trusts.routes.js';
import { handleError, handleFrameworkError } from './error-handler.js';
import { healthRoutes } from './health.routes.js';
import { defaultWebRoot, webAppPlugin } from './static.js';

export interface AppOptions {
  /** Folder of the built web app; defaults to `web/dist`. */
  webRoot?: string;
}

/**
 * Registers the routes, one plugin per domain, each given what it needs from the context: a domain's deps
 * object as plugin options, or the shared decorations (`app.db`, `app.clock`, `app.keyring`, …).
 */
async function registerRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(healthRoutes);
  await app.register(policyRoutes, { resolveSchool });
  await app.register(authRoutes, {
    resetPasswordPath: linkTo('resetPassword'),
    abilities: { schema: abilitiesSchema, of: abilitiesOf },
  });
  await app.register(signInOptionsRoutes);
  await app.register(notificationRoutes);
  await app.register(checksRoutes, { approvedChannels: approvedPersonalChannelsFor });
  await app.register(checkRulesRoutes);
  await app.register(peopleRoutes, { deps: ctx.people });
  await app.register(consentRoutes, { deps: ctx.consent });
  await app.register(auditRoutes);
  await app.register(acknowledgementRoutes);
  await app.register(accountsRoutes);
  await app.register(concernsRoutes);
  await app.register(postsRoutes, { deps: ctx.posts });
  await app.register(photoOriginalsRoutes);
  await app.register(photoLinksRoutes);
  await app.register(connectorsRoutes, { directMessageChecks: latestDirectMessageCheck });
  await app.register(moderationRoutes);
  await app.register(metaWebhookRoutes);
  await app.register(staffUseRoutes);
  await app.register(retentionRoutes);
  await app.register(sarRoutes);
  await app.register(reportsRoutes);
  await app.register(trustsRoutes);
}

/**
 * Fastify's trustProxy from the configured proxies: addresses and ranges, a hop count, or none. A hop count
 * trusts the nearest N peers whoever they are (hop 0 is the connection itself), as Express does; Fastify's
 * own number option trusts nobody, so it is given as a function.
 */
export function trustProxyOption(
  proxies: Config['trustedProxies'],
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (proxies === undefined) return false;
  if (typeof proxies === 'number') return (_address, hop) => hop < proxies;
  return [...proxies];
}

/**
 * Builds the whole HTTP application from the process's context (src/app/context.ts) as a Fastify instance
 * without listening, so tests drive it with `app.inject` and `server.ts` only starts it.
 */
export async function buildApp(ctx: AppContext, options: AppOptions = {}): Promise<FastifyInstance> {
  const { config, logger } = ctx;
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // Only configured proxies may name the client's address; by default nobody can, in every environment.
    trustProxy: trustProxyOption(config.trustedProxies),
    bodyLimit: 1024 * 1024,
    frameworkErrors: handleFrameworkError,
    // Fastify logs two lines per request at info; an operator at the default level wants to read what
    // happened, not every page load. One line per request at debug (LOG_LEVEL=debug asks for it).
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<ZodTypeProvider>();
  const debugRequests =
    (logger as { isLevelEnabled?: (level: string) => boolean }).isLevelEnabled?.('debug') ?? true;
  app.addHook('onResponse', async (request, reply) => {
    // Checked first so the default level builds nothing per request (levels are fixed at start).
    if (!debugRequests) return;
    request.log.debug(
      {
        method: request.method,
        // The route, not the URL: query strings can carry search words and tokens.
        route: request.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request completed',
    );
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('db', ctx.db);
  app.decorate('dbEngine', ctx.dbEngine);
  app.decorate('clock', ctx.clock);
  app.decorate('config', config);
  // A getter: the context loads the keyring on first use and keeps it.
  app.decorate('keyring', {
    getter() {
      return ctx.keyring;
    },
  });
  app.decorate('checkContexts', ctx.checkContexts);
  app.decorate('shortLinkExpander', linkExpansionFor(config) ?? null);
  app.decorate('connectors', ctx.connectors);
  app.decorate('moderationConnections', ctx.moderationConnections);

  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/') && !route.url.startsWith('/api/docs') && !route.config?.access) {
      throw new Error(`route ${route.method} ${route.url} declares no access rule (config.access)`);
    }
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Guardpost API',
        description: 'Staff social media policy, as checks and workflows. Every decision cites its clause.',
        version: '0.1.0',
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  await app.register(authPlugin);
  await app.register(storableTextPlugin);
  app.setErrorHandler(handleError);
  // Off unless a token is configured: no route and no per-request hook.
  if (config.metricsToken)
    await app.register(metricsPlugin, {
      db: ctx.db,
      now: () => app.clock.now(),
      token: config.metricsToken,
    });
  // The web app and the JSON 404 for unknown /api routes (index.html for the app's own paths).
  await app.register(webAppPlugin, { root: options.webRoot ?? defaultWebRoot });

  await registerRoutes(app, ctx);
  return app;
}
