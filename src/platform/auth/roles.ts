/** Roles are held per school; a person may hold several, and different ones in different schools. */
export const roles = ['staff', 'manager', 'smt', 'dsl', 'deputy_dsl', 'headteacher', 'admin'] as const;

export type Role = (typeof roles)[number];

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

/** Roles whose holders must use a second factor (TOTP); a school may require it for everyone. */
export const rolesRequiringTotp: readonly Role[] = ['dsl', 'deputy_dsl', 'smt', 'headteacher', 'admin'];

/**
 * Who is acting: a signed-in member of staff in one school (the school they are working in now), or the
 * system itself (jobs, the CLI run by an operator). Services take an Actor and check it first.
 */
export type Actor =
  | {
      kind: 'staff';
      staffId: string;
      schoolId: string;
      roles: readonly Role[];
      email: string;
      name: string;
    }
  | { kind: 'system'; label: string };

export function hasRole(actor: Actor, ...wanted: Role[]): boolean {
  return actor.kind === 'staff' && wanted.some((r) => actor.roles.includes(r));
}
