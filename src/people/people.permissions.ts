import { type Actor, hasRole } from '../platform/auth/roles.js';

/**
 * Who may do what with people records. Pure, so the rules are tested as a table. A staff actor only ever
 * acts in the school they are signed in to; the system actor (CLI, demo seed) is the operator.
 */

/** A roster import rewrites who the school's pupils are: the head and admins only. */
export function canImportRoster(actor: Actor, schoolId: string): boolean {
  if (actor.kind === 'system') return true;
  return actor.schoolId === schoolId && hasRole(actor, 'admin', 'headteacher');
}

/** Every member of staff finds pupils by name (to tag photos, to check a post). */
export function canListPeople(actor: Actor, schoolId: string): boolean {
  return actor.kind === 'system' || actor.schoolId === schoolId;
}

/** A date of birth identifies a child; safeguarding leads and the people who run the roster see it. */
export function canSeeDateOfBirth(actor: Actor): boolean {
  return actor.kind === 'system' || hasRole(actor, 'dsl', 'deputy_dsl', 'headteacher', 'admin');
}

/** Carers' email and phone: the same few roles (contacting a family goes through them). */
export function canSeeCarerContact(actor: Actor): boolean {
  return canSeeDateOfBirth(actor);
}

/** Marking a member of staff as left ends their sign-in and opens their handover: the head and admins. */
export function canMarkStaffLeft(actor: Actor, schoolId: string): boolean {
  if (actor.kind === 'system') return true;
  return actor.schoolId === schoolId && hasRole(actor, 'admin', 'headteacher');
}
