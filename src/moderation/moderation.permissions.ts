import { type Actor, hasRole } from '../platform/auth/roles.js';

/** Roles that work the moderation queue (clause 2.6: removed at once and reported to SMT). */
export const moderatorRoles = ['manager', 'smt', 'headteacher', 'dsl', 'deputy_dsl'] as const;
/** Roles that read a possible disclosure's words and file it as a concern. */
export const disclosureReaderRoles = ['dsl', 'deputy_dsl'] as const;
export const moderationSettingsRoles = ['smt', 'headteacher', 'admin'] as const;

function inSchool(actor: Actor, schoolId: string): boolean {
  return actor.kind === 'system' || actor.schoolId === schoolId;
}

export function canModerate(actor: Actor, schoolId: string): boolean {
  return actor.kind === 'system' || (inSchool(actor, schoolId) && hasRole(actor, ...moderatorRoles));
}

/**
 * Clause 2.6: inappropriate comments on a school account are removed and reported to SMT. The moderators work
 * the whole school's queue; an account's own owners work the comments on their accounts (every action is
 * reported to SMT either way).
 */
export function canModerateAccount(actor: Actor, schoolId: string, ownerIds: readonly string[]): boolean {
  return (
    canModerate(actor, schoolId) ||
    (actor.kind === 'staff' && actor.schoolId === schoolId && ownerIds.includes(actor.staffId))
  );
}

/** A disclosure's words are special category data: the DSL and deputies only (never the system's list). */
export function canReadDisclosure(actor: Actor, schoolId: string): boolean {
  return actor.kind === 'staff' && inSchool(actor, schoolId) && hasRole(actor, ...disclosureReaderRoles);
}

export function canManageModerationSettings(actor: Actor, schoolId: string): boolean {
  return actor.kind === 'system' || (inSchool(actor, schoolId) && hasRole(actor, ...moderationSettingsRoles));
}
