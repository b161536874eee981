import { type Actor, hasRole } from '../platform/auth/roles.js';

/**
 * Subject access requests. Pure. The headteacher and admins (the school's data protection lead) open and
 * release them, as do the DSL and deputy; only the DSL and deputy make the safeguarding review, because
 * only they may read the concerns it weighs.
 */
export function canHandleSar(actor: Actor, schoolId: string): boolean {
  if (actor.kind === 'system') return true;
  return actor.schoolId === schoolId && hasRole(actor, 'dsl', 'deputy_dsl', 'headteacher', 'admin');
}

export function canReviewSar(actor: Actor, schoolId: string): boolean {
  if (actor.kind === 'system') return true;
  return actor.schoolId === schoolId && hasRole(actor, 'dsl', 'deputy_dsl');
}
