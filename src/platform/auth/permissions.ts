import type { RouteAccess } from '../http/route-access.js';
import { type Actor, type Role, roles, staffRoles } from './roles.js';

/**
 * Every action a person can take through the API, named `domain.verb`. A route or service asks
 * `can(actor, action, resource)`; `GET /api/me` lists the actions the actor may take so the web app does
 * not re-derive permissions.
 */
export const actions = [
  'me.read',
  'session.manage',
  'school.switch',
  'policy.read',
  'policy.import',
  'policy.acknowledge',
  'policy.acknowledgements.read',
  'roster.import',
  'people.read',
  'audit.read',
  'audit.export',
  'notifications.read',
  'school.auth_settings.manage',
] as const;

export type Action = (typeof actions)[number];

/** Every member of staff; governors read reports only, so they are not among them. */
const everyone: readonly Role[] = staffRoles;
/** Anyone with a role at the school, governors included: their own session and school. */
const anyRole: readonly Role[] = roles;
const leadership: readonly Role[] = ['smt', 'headteacher', 'admin'];

/** Which roles may take each action, in the school the actor is working in. */
const rolesByAction: Record<Action, readonly Role[]> = {
  'me.read': anyRole,
  'session.manage': anyRole,
  'school.switch': anyRole,
  'policy.read': everyone,
  'policy.import': leadership,
  'policy.acknowledge': everyone,
  'policy.acknowledgements.read': leadership,
  // Every member of staff looks people up (checks name pupils); people.service hides dates of birth and
  // carers' contact details from all but DSLs, the headteacher and admins.
  'roster.import': ['headteacher', 'admin'],
  'people.read': everyone,
  'audit.read': ['admin'],
  'audit.export': ['admin'],
  'notifications.read': everyone,
  'school.auth_settings.manage': ['admin'],
};

/** What an action is about, when it is about something: always at least the school it belongs to. */
export interface Resource {
  schoolId: string;
}

/**
 * Whether the actor may take the action (on the resource, when given). Pure: no I/O. A member of staff
 * acts only in the school they are working in now; the system actor (CLI, jobs) may do anything.
 */
export function can(actor: Actor, action: Action, resource?: Resource): boolean {
  if (actor.kind === 'system') return true;
  if (resource && resource.schoolId !== actor.schoolId) return false;
  return rolesByAction[action].some((role) => actor.roles.includes(role));
}

/** The actions the actor may take in their current school, for the web app. */
export function abilitiesOf(actor: Actor): Action[] {
  return actions.filter((action) => can(actor, action));
}

export function rolesFor(action: Action): readonly Role[] {
  return rolesByAction[action];
}

/** The route access matching an action, so a route's gate and `can` never disagree. */
export function accessFor(action: Action): RouteAccess {
  const allowed = rolesByAction[action];
  if (allowed.length === roles.length) return { kind: 'any_role' };
  const everyStaffRole = staffRoles.every((role) => allowed.includes(role));
  return everyStaffRole && allowed.length === staffRoles.length
    ? { kind: 'signed_in' }
    : { kind: 'roles', roles: allowed };
}
