import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isStaffMember } from '../auth/roles.js';
import { resolveSession, SESSION_COOKIE } from '../auth/sessions.js';
import { sameSecret } from '../crypto/same-secret.js';
import { forbidden, unauthenticated } from '../errors.js';
import type { ApiRoute, StaffActor } from './route-access.js';

export const CSRF_HEADER = 'x-csrf-token';
const stateChanging = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Security headers for a same-origin single-page app: scripts and styles only from our own origin (no
 * inline script), no framing, HSTS only in production where the site is served over HTTPS.
 */
async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  const production = app.config.env === 'production';
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'"],
        // The follower check fetches a Bluesky follower list from this browser, never through the server.
        connectSrc: ["'self'", 'https://public.api.bsky.app'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(production ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
}

/**
 * Reads the session cookie on every request, enforces CSRF tokens on state-changing requests that carry
 * one, and enforces each route's declared access before the body is even read. Handlers then call
 * `requireActor(request)` to get the typed actor.
 */
export const authPlugin = fp(async (app: FastifyInstance) => {
  await app.register(cookie);
  await registerSecurityHeaders(app);
  app.decorateRequest('actor', undefined);
  app.decorateRequest('sessionId', undefined);
  app.decorateRequest('csrfToken', undefined);
  app.decorateRequest('secondFactorPassed', false);

  const apiRoutes: ApiRoute[] = [];
  app.decorate('apiRoutes', apiRoutes);
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (!route.url.startsWith('/api/') || !access) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      apiRoutes.push({ method, url: route.url, access });
    }
  });

  app.addHook('onRequest', async (request) => {
    await resolveRequestSession(app, request);
    // Enforced here, before the body is parsed and validated, so a caller without the right to use a route
    // learns nothing about what it accepts (no validation details without a session).
    enforceRouteAccess(request);
  });

  // Every API answer can hold personal or safeguarding data: no shared or browser cache keeps it unless the
  // route declares otherwise. Set last, so a handler's own header cannot weaken it by accident.
  app.addHook('onSend', async (request, reply) => {
    if (!isApiPath(request.url)) return;
    reply.header('cache-control', request.routeOptions.config.cacheControl ?? 'no-store');
  });
});

function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
}

async function resolveRequestSession(app: FastifyInstance, request: FastifyRequest): Promise<void> {
  const token = request.cookies[SESSION_COOKIE];
  if (!token) return;
  const session = await resolveSession(app.db, token, app.clock.now());
  if (!session) return;
  const config = request.routeOptions.config;
  // Checked before anything else: a forged cross-site request must not even learn whether it was allowed.
  if (stateChanging.has(request.method) && !config.csrfExempt) {
    const given = request.headers[CSRF_HEADER];
    if (typeof given !== 'string' || !session.csrfToken || !sameSecret(given, session.csrfToken)) {
      throw forbidden('CsrfRejected', `send the ${CSRF_HEADER} header from GET /api/me with this request`);
    }
  }
  request.sessionId = session.sessionId;
  request.csrfToken = session.csrfToken ?? undefined;
  request.secondFactorPassed = session.secondFactorPassed;
  if (session.secondFactorPassed || config.allowPendingSecondFactor) request.actor = session.actor;
}

function enforceRouteAccess(request: FastifyRequest): void {
  const access = request.routeOptions.config.access;
  if (!access || access.kind === 'public') return;
  const actor = request.actor;
  if (!actor) {
    if (request.sessionId) {
      throw unauthenticated('TotpRequired', 'enter the code from your authenticator app to continue');
    }
    throw unauthenticated('SignInRequired', 'sign in to continue');
  }
  if (access.kind === 'signed_in' && !isStaffMember(actor.roles)) {
    throw forbidden('StaffOnly', "this is for the school's staff; governors open the reports only");
  }
  if (access.kind === 'roles' && !access.roles.some((r) => actor.roles.includes(r))) {
    throw forbidden('RoleRequired', `this needs one of these roles: ${access.roles.join(', ')}`);
  }
}

/** The signed-in actor of a request; throws SignInRequired when there is none. */
export function requireActor(request: FastifyRequest): StaffActor {
  if (!request.actor) throw unauthenticated('SignInRequired', 'sign in to continue');
  return request.actor;
}

/** The actor and session of a request, for routes about the session itself. */
export function requireSession(request: FastifyRequest): { actor: StaffActor; sessionId: string } {
  const actor = requireActor(request);
  if (!request.sessionId) throw unauthenticated('SignInRequired', 'sign in to continue');
  return { actor, sessionId: request.sessionId };
}
