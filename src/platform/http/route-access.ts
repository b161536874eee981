import type { Actor, Role } from '../auth/roles.js';

/**
 * Every API route declares who may call it, in its route config. The app refuses to register an `/api`
 * route without a declaration, so a new route cannot ship without a decision about access (and the
 * permission matrix test reads these declarations).
 */
export type RouteAccess =
  /** Anyone, signed in or not (health, public verification, the published policy). */
  | { kind: 'public' }
  /** Any signed-in member of staff of the school in question; the service makes finer checks. */
  | { kind: 'signed_in' }
  /** A signed-in member of staff holding at least one of these roles in their current school. */
  | { kind: 'roles'; roles: readonly Role[] };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    /** The signed-in member of staff, set from the session cookie before any handler runs. */
    actor: StaffActor | undefined;
    sessionId: string | undefined;
  }
}

export type StaffActor = Extract<Actor, { kind: 'staff' }>;

export function rolesAccess(...roles: Role[]): RouteAccess {
  return { kind: 'roles', roles };
}

export const publicAccess: RouteAccess = { kind: 'public' };
export const signedInAccess: RouteAccess = { kind: 'signed_in' };
