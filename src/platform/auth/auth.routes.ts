import rateLimit from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, rateLimited } from '../errors.js';
import { requireSession } from '../http/auth-plugin.js';
import { publicBaseUrl } from '../http/public-url.js';
import { redirectResponse } from '../http/response-schemas.js';
import { anyRoleAccess, publicAccess } from '../http/route-access.js';
import { databaseRateLimitStore } from '../rate-limit/database-store.js';
import {
  describeMe,
  getSchoolAuthSettings,
  type MeAbilities,
  signOut,
  updateSchoolAuthSettings,
} from './account.service.js';
import { finishOidcSignIn, startOidcSignIn } from './oidc.service.js';
import { confirmPasswordReset, requestPasswordReset } from './password-reset.service.js';
import { accessFor } from './permissions.js';
import { roles, trustRoles } from './roles.js';
import { SESSION_COOKIE } from './sessions.js';
import {
  confirmTotpEnrolment,
  passSecondFactor,
  type SignedIn,
  signInWithPassword,
  startTotpEnrolment,
  switchSchool,
} from './sign-in.service.js';

/** `GET /api/me`'s answer; `abilities` has the schema the server hands in with the abilities themselves. */
function meSchemaWith(abilities: MeAbilities['schema']) {
  return z.object({
    person: z.object({ id: z.string(), email: z.string(), name: z.string() }),
    school: z.object({ id: z.string(), name: z.string() }),
    roles: z.array(z.enum(roles)),
    schools: z.array(z.object({ id: z.string(), name: z.string(), roles: z.array(z.enum(roles)) })),
    trusts: z.array(z.object({ id: z.string(), name: z.string(), roles: z.array(z.enum(trustRoles)) })),
    abilities,
    secondFactorPassed: z.boolean(),
    totpEnrolled: z.boolean(),
    csrfToken: z.string(),
  });
}

const sessionSchema = z.object({
  csrfToken: z.string(),
  expiresAt: z.string(),
  secondFactorPassed: z.boolean(),
  totpEnrolmentRequired: z.boolean(),
});

const authSettingsSchema = z.object({
  requireTotpForAll: z.boolean(),
  oidc: z
    .object({
      issuer: z.string(),
      clientId: z.string(),
      clientSecretSet: z.boolean(),
      enforcesMfa: z.boolean(),
    })
    .nullable(),
});

/** Sets the session cookie: HttpOnly, SameSite=Lax, and Secure in production. */

/** Refusals of a single sign-on the sign-in page explains (web/src/pages/sign-in-page.tsx has a sentence each). */
const oidcRefusals = new Set([
  'OidcNotConfigured',
  'OidcProviderUnavailable',
  'OidcRejected',
  'OidcStateMissing',
  'OidcFlowExpired',
  'OidcEmailMissing',
  'OidcUnknownStaff',
  'OidcTrustNeedsAuthenticator',
]);
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, signedIn: SignedIn): void {
  void reply.setCookie(SESSION_COOKIE, signedIn.token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: request.server.config.env === 'production',
    path: '/',
    expires: signedIn.expiresAt,
  });
}

/**
 * Sign-in, sign-out, second factor, OpenID and password reset. `resetPasswordPath` is the web app's reset
 * page, from the one table of app pages (src/shared/links.ts), and `abilities` what a person may do across
 * the domains (src/app/abilities.ts): both handed in by the server above the platform.
 */
export const authRoutes: FastifyPluginAsyncZod<{
  resetPasswordPath: string;
  abilities: MeAbilities;
}> = async (app, { resetPasswordPath, abilities }) => {
  const meSchema = meSchemaWith(abilities.schema);
  // Seals and opens schools' OpenID client secrets.
  const keyring = app.keyring;
  // Per-address throttle in front of the per-account lockout, so one address cannot spray many accounts.
  await app.register(rateLimit, {
    global: false,
    // Counted in the database, so several server processes share one limit.
    store: databaseRateLimitStore(app.db, app.clock),
    errorResponseBuilder: () => rateLimited('TooManyAttempts', 'too many sign-in attempts: wait a minute'),
  });

  app.post(
    '/api/session',
    {
      config: { access: publicAccess, csrfExempt: true, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password (and an authenticator or recovery code when required)',
        body: z
          .object({
            email: z.string().trim().min(3).max(254),
            password: z.string().min(1).max(1024),
            totp: z.string().trim().min(6).max(20).optional(),
          })
          .strict(),
        response: { 200: sessionSchema },
      },
    },
    async (request, reply) => {
      const signedIn = await signInWithPassword(
        app.db,
        { ...request.body, ip: request.ip, userAgent: request.headers['user-agent'] },
        app.clock.now(),
      );
      setSessionCookie(request, reply, signedIn);
      return {
        csrfToken: signedIn.csrfToken,
        expiresAt: signedIn.expiresAt.toISOString(),
        secondFactorPassed: signedIn.secondFactorPassed,
        totpEnrolmentRequired: signedIn.totpEnrolmentRequired,
      };
    },
  );

  app.post(
    '/api/session/totp',
    {
      config: {
        access: anyRoleAccess,
        allowPendingSecondFactor: true,
        rateLimit: { max: 30, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['auth'],
        summary: 'Pass the second factor of a session signed in by SSO',
        body: z.object({ code: z.string().trim().min(6).max(20) }).strict(),
        response: { 200: z.object({ secondFactorPassed: z.literal(true) }) },
      },
    },
    async (request) => {
      const { actor, sessionId } = requireSession(request);
      if (!request.secondFactorPassed) {
        await passSecondFactor(
          app.db,
          { actor, sessionId, code: request.body.code, ip: request.ip },
          app.clock.now(),
        );
      }
      return { secondFactorPassed: true as const };
    },
  );

  app.delete(
    '/api/session',
    {
      config: { access: anyRoleAccess, allowPendingSecondFactor: true },
      schema: { tags: ['auth'], summary: 'Sign out', response: { 204: z.null() } },
    },
    async (request, reply) => {
      const { actor, sessionId } = requireSession(request);
      await signOut(app.db, { actor, sessionId, everywhere: false }, app.clock.now());
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/sessions',
    {
      config: { access: accessFor('session.manage') },
      schema: {
        tags: ['auth'],
        summary: 'Sign out everywhere: every session of yours ends',
        response: { 200: z.object({ revoked: z.number().int() }) },
      },
    },
    async (request, reply) => {
      const { actor, sessionId } = requireSession(request);
      const revoked = await signOut(app.db, { actor, sessionId, everywhere: true }, app.clock.now());
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { revoked };
    },
  );

  app.get(
    '/api/me',
    {
      config: { access: anyRoleAccess, allowPendingSecondFactor: true },
      schema: {
        tags: ['auth'],
        summary: 'Who is signed in: person, school, roles, schools, abilities and the CSRF token',
        response: { 200: meSchema },
      },
    },
    async (request) => {
      const { actor } = requireSession(request);
      return describeMe(app.db, abilities.of, {
        actor,
        secondFactorPassed: request.secondFactorPassed,
        csrfToken: request.csrfToken ?? '',
      });
    },
  );

  app.put(
    '/api/me/school',
    {
      config: { access: accessFor('school.switch') },
      schema: {
        tags: ['auth'],
        summary: 'Switch the school this session works in (only a school you belong to)',
        body: z.object({ schoolId: z.uuid() }).strict(),
        response: { 200: meSchema },
      },
    },
    async (request) => {
      const { actor, sessionId } = requireSession(request);
      const switched = await switchSchool(
        app.db,
        { actor, sessionId, schoolId: request.body.schoolId },
        app.clock.now(),
      );
      return describeMe(app.db, abilities.of, {
        actor: switched,
        secondFactorPassed: true,
        csrfToken: request.csrfToken ?? '',
      });
    },
  );

  app.post(
    '/api/me/totp',
    {
      config: { access: anyRoleAccess, allowPendingSecondFactor: true },
      schema: {
        tags: ['auth'],
        summary: 'Start setting up an authenticator app: a secret and its otpauth:// URI',
        response: { 200: z.object({ secret: z.string(), otpauthUri: z.string() }) },
      },
    },
    async (request) => {
      const { actor } = requireSession(request);
      return startTotpEnrolment(app.db, { actor, secondFactorPassed: request.secondFactorPassed });
    },
  );

  app.post(
    '/api/me/totp/confirm',
    {
      config: { access: anyRoleAccess, allowPendingSecondFactor: true },
      schema: {
        tags: ['auth'],
        summary: 'Confirm the authenticator app with a code; returns ten single-use recovery codes, once',
        body: z.object({ code: z.string().trim().min(6).max(10) }).strict(),
        response: { 200: z.object({ recoveryCodes: z.array(z.string()) }) },
      },
    },
    async (request) => {
      const { actor, sessionId } = requireSession(request);
      return confirmTotpEnrolment(app.db, { actor, sessionId, code: request.body.code }, app.clock.now());
    },
  );

  app.post(
    '/api/password-reset',
    {
      config: { access: publicAccess, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Email a one-time password reset link (always 202, whether or not the account exists)',
        body: z.object({ email: z.string().trim().min(3).max(254) }).strict(),
        response: { 202: z.null() },
      },
    },
    async (request, reply) => {
      await requestPasswordReset(
        app.db,
        {
          email: request.body.email,
          resetPageUrl: `${publicBaseUrl(request).replace(/\/+$/, '')}${resetPasswordPath}`,
        },
        app.clock.now(),
      );
      return reply.status(202).send(null);
    },
  );

  app.post(
    '/api/password-reset/confirm',
    {
      config: { access: publicAccess, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Set a new password with the token from the reset link; ends every session',
        body: z.object({ token: z.string().min(20).max(200), password: z.string().max(1024) }).strict(),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await confirmPasswordReset(app.db, request.body, app.clock.now());
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/school/auth-settings',
    {
      config: { access: accessFor('school.auth_settings.manage') },
      schema: {
        tags: ['auth'],
        summary: "This school's sign-in settings",
        response: { 200: authSettingsSchema },
      },
    },
    async (request) => {
      const { actor } = requireSession(request);
      return getSchoolAuthSettings(app.db, actor, actor.schoolId);
    },
  );

  app.put(
    '/api/school/auth-settings',
    {
      config: { access: accessFor('school.auth_settings.manage') },
      schema: {
        tags: ['auth'],
        summary: "Change this school's sign-in settings: TOTP for everyone, OpenID Connect",
        body: z
          .object({
            requireTotpForAll: z.boolean().optional(),
            oidc: z
              .object({
                issuer: z.string(),
                clientId: z.string(),
                clientSecret: z.string().optional(),
                enforcesMfa: z.boolean().optional(),
              })
              .strict()
              .nullable()
              .optional(),
          })
          .strict(),
        response: { 200: authSettingsSchema },
      },
    },
    async (request) => {
      const { actor } = requireSession(request);
      await updateSchoolAuthSettings(app.db, keyring, actor, actor.schoolId, request.body, app.clock.now());
      return getSchoolAuthSettings(app.db, actor, actor.schoolId);
    },
  );

  app.get(
    '/api/auth/oidc/:schoolId/start',
    {
      config: { access: publicAccess, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: "Single sign-on: redirects to the school's OpenID provider",
        params: z.object({ schoolId: z.uuid() }).strict(),
        response: { 302: redirectResponse },
      },
    },
    async (request, reply) => {
      const url = await startOidcSignIn(
        app.db,
        keyring,
        {
          schoolId: request.params.schoolId,
          redirectUri: `${publicBaseUrl(request)}/api/auth/oidc/callback`,
        },
        app.clock.now(),
      );
      return reply.redirect(url.href, 302);
    },
  );

  app.get(
    '/api/auth/oidc/callback',
    {
      config: { access: publicAccess, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Single sign-on: where the OpenID provider sends the browser back',
        // Providers add their own parameters (iss, session_state…); openid-client checks what matters.
        querystring: z.object({}).catchall(z.string().max(4096)),
        response: { 302: redirectResponse },
      },
    },
    async (request, reply) => {
      let signedIn: Awaited<ReturnType<typeof finishOidcSignIn>>;
      try {
        signedIn = await finishOidcSignIn(
          app.db,
          keyring,
          {
            query: new URLSearchParams(request.query),
            ip: request.ip,
            userAgent: request.headers['user-agent'],
          },
          app.clock.now(),
        );
      } catch (failure) {
        // The browser arrived here from the provider, not from the web app: a refusal goes back to the
        // sign-in page, which says it in a sentence, rather than as an API error body on a blank page.
        if (failure instanceof AppError && oidcRefusals.has(failure.code))
          return reply.redirect(`/sign-in?sso=${encodeURIComponent(failure.code)}`, 302);
        throw failure;
      }
      setSessionCookie(request, reply, signedIn);
      // The web app reads /api/me and asks for the authenticator code when the session still needs it.
      return reply.redirect(signedIn.secondFactorPassed ? '/' : '/sign-in/second-factor', 302);
    },
  );
};
