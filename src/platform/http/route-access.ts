/**
 * Every API route declares who may call it, in its route config. The app refuses to register an `/api`
 * route without a declaration, so a new route cannot ship without a decision about access (and the
 * permission matrix test reads these declarations).
 */
export type RouteAccess =
  /** Anyone, signed in or not (health, public verification, the published policy). */
  | { kind: 'public' }
  /** Any signed-in member of staff of the school in question; the service makes finer checks. */
  | { kind: 'signed_in' };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

export const publicAccess: RouteAccess = { kind: 'public' };
export const signedInAccess: RouteAccess = { kind: 'signed_in' };
