import type { Actor, Role } from '../auth/roles.js';

/**
 * Every API route declares who may call it, in its route config. The app refuses to register an `/api`
 * route without a declaration, so a new route cannot ship without a decision about access (and the
 * permission matrix test reads these declarations).
 */
export type RouteAccess =
  /** Anyone, signed in or not (health, public verification, the published policy). */
  | { kind: 'public' }
  /**
   * Any signed-in member of staff of the school in question; the service makes finer checks. A person
   * holding only reader roles (governor) is not staff and is refused.
   */
  | { kind: 'signed_in' }
  /** Anyone signed in with any role, governors included: their own session, second factor and school. */
  | { kind: 'any_role' }
  /** A signed-in member of staff holding at least one of these roles in their current school. */
  | { kind: 'roles'; roles: readonly Role[] };

/** One registered API route and its declared access, as the app saw it at registration. */
export interface ApiRoute {
  method: string;
  url: string;
  access: RouteAccess;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /**
     * The route also serves a session that has not passed its second factor yet (enrolling an
     * authenticator app, entering a code, signing out, reading `/api/me`).
     */
    allowPendingSecondFactor?: boolean;
    /** State-changing route that needs no CSRF token (sign-in itself, which has no session yet). */
    csrfExempt?: boolean;
    /** `Cache-Control` of this route's answers when not `no-store`, the default of every `/api` route. */
    cacheControl?: string;
  }
  interface FastifyRequest {
    /** The signed-in member of staff, set from the session cookie before any handler runs. */
    actor: StaffActor | undefined;
    sessionId: string | undefined;
    /** The session's CSRF token, for `GET /api/me` to hand to the web app. */
    csrfToken: string | undefined;
    /** Whether this session has passed its second factor (false only on allowPendingSecondFactor routes). */
    secondFactorPassed: boolean;
  }
  interface FastifyInstance {
    /** Every `/api` route registered so far with its access rule; the permission matrix walks it. */
    apiRoutes: ApiRoute[];
  }
}

export type StaffActor = Extract<Actor, { kind: 'staff' }>;

export function rolesAccess(...roles: Role[]): RouteAccess {
  return { kind: 'roles', roles };
}

export const publicAccess: RouteAccess = { kind: 'public' };
export const signedInAccess: RouteAccess = { kind: 'signed_in' };
export const anyRoleAccess: RouteAccess = { kind: 'any_role' };
