import { type Actor, hasRole } from '../platform/auth/roles.js';

/** The senior leadership team, the headteacher and admins keep the policy (review, new versions). */
export function canPublishPolicy(actor: Actor, schoolId: string): boolean {
  return (
    actor.kind === 'staff' && actor.schoolId === schoolId && hasRole(actor, 'smt', 'headteacher', 'admin')
  );
}
