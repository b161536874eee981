import { type Actor, hasRole } from '../platform/auth/roles.js';

/**
 * Who sees what is due for destruction and who places legal holds. Pure. The DSL and their deputy see
 * safeguarding records one by one; SMT and the headteacher see everything else one by one and concerns as a
 * count only (they are not told which children have a safeguarding file).
 */
export function canViewRetention(actor: Actor, schoolId: string): boolean {
  if (actor.kind === 'system') return true;
  return actor.schoolId === schoolId && hasRole(actor, 'dsl', 'deputy_dsl', 'smt', 'headteacher');
}

export function canSeeConcernsDue(actor: Actor, schoolId: string): boolean {
  if (actor.kind === 'system') return true;
  return actor.schoolId === schoolId && hasRole(actor, 'dsl', 'deputy_dsl');
}

/** Holds on a concern or a whole pupil: the DSL and deputy; on consents and posts: SMT and the head too. */
export function canPlaceHold(actor: Actor, schoolId: string, targetKind: string): boolean {
  if (actor.kind === 'system') return true;
  if (actor.schoolId !== schoolId) return false;
  if (targetKind === 'concern' || targetKind === 'pupil') return hasRole(actor, 'dsl', 'deputy_dsl');
  return hasRole(actor, 'dsl', 'deputy_dsl', 'smt', 'headteacher');
}

/**
 * A school's own retention periods are the school's decision, made by the headteacher or the DSL (with the
 * data protection officer); the bounds of each rule still hold whoever sets it.
 */
export function canSetRetentionPeriods(actor: Actor, schoolId: string): boolean {
  if (actor.kind === 'system') return true;
  return actor.schoolId === schoolId && hasRole(actor, 'dsl', 'headteacher');
}
