/** Roles are held per school; a person may hold several, and different ones in different schools. */
export const roles = [
  'staff',
  'manager',
  'smt',
  'dsl',
  'deputy_dsl',
  'headteacher',
  'admin',
  'governor',
] as const;

export type Role = (typeof roles)[number];

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

/** Roles whose holders must use a second factor (TOTP); a school may require it for everyone. */
export const rolesRequiringTotp: readonly Role[] = [
  'dsl',
  'deputy_dsl',
  'smt',
  'headteacher',
  'admin',
  'governor',
];

/**
 * Trust roles are held per trust, not per school (a trust groups schools, src/trusts/): they read the trust's
 * dashboard and publish its policy templates, and open no school's pages by themselves. A person may hold
 * trust roles and school roles. Every trust role needs a second factor.
 */
export const trustRoles = ['trust_admin', 'trust_safeguarding_lead', 'trust_executive'] as const;

export type TrustRole = (typeof trustRoles)[number];

export function isTrustRole(value: string): value is TrustRole {
  return (trustRoles as readonly string[]).includes(value);
}

/** Trust roles whose holders must use a second factor: all of them. */
export const trustRolesRequiringTotp: readonly TrustRole[] = trustRoles;

/**
 * Roles that read reports and nothing else: a governor is not a member of staff, so holding only these
 * opens no staff route (no pupil look-up, no posting, no concern form), only their session and the reports.
 */
export const readerOnlyRoles: readonly Role[] = ['governor'];

/** The roles of the school's staff: every role but the reader-only ones. */
export const staffRoles: readonly Role[] = roles.filter((role) => !readerOnlyRoles.includes(role));

/** Whether these roles make their holder a member of staff (at least one role beyond reading reports). */
export function isStaffMember(held: readonly Role[]): boolean {
  return held.some((role) => staffRoles.includes(role));
}

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
