import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { resolveSession, SESSION_COOKIE } from '../auth/sessions.js';
import { forbidden, unauthenticated } from '../errors.js';
import type { StaffActor } from './route-access.js';

/**
 * Reads the session cookie on every request and enforces each route's declared access before its
 * handler runs. Handlers then call `requireActor(request)` to get the typed actor.
 */
export const authPlugin = fp(async (app: FastifyInstance) => {
  await app.register(cookie);
  app.decorateRequest('actor', undefined);
  app.decorateRequest('sessionId', undefined);

  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const session = await resolveSession(app.db, token, app.clock.now());
    if (session) {
      request.actor = session.actor;
      request.sessionId = session.sessionId;
    }
  });

  app.addHook('preHandler', async (request) => {
    const access = request.routeOptions.config.access;
    if (!access || access.kind === 'public') return;
    const actor = request.actor;
    if (!actor) throw unauthenticated('SignInRequired', 'sign in to continue');
    if (access.kind === 'roles' && !access.roles.some((r) => actor.roles.includes(r))) {
      throw forbidden('RoleRequired', `this needs one of these roles: ${access.roles.join(', ')}`);
    }
  });
});

/** The signed-in actor of a request; throws SignInRequired when there is none. */
export function requireActor(request: FastifyRequest): StaffActor {
  if (!request.actor) throw unauthenticated('SignInRequired', 'sign in to continue');
  return request.actor;
}
