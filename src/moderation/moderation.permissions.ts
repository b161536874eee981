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

/** A disclosure's words are special category data: the DSL and deputies only (never the system's list). */
export function canReadDisclosure(actor: Actor, schoolId: string): boolean {
  return actor.kind === 'staff' && inSchool(actor, schoolId) && hasRole(actor, ...disclosureReaderRoles);
}

export function canManageModerationSettings(actor: Actor, schoolId: string): boolean {
  return actor.kind === 'system' || (inSchool(actor, schoolId) && hasRole(actor, ...moderationSettingsRoles));
}
