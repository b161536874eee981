import { type Actor, hasRole } from '../platform/auth/roles.js';

/**
 * Who may do what with staff personal use. Pure, tested as a table. Clauses 1.5/1.6 give the decision to the
 * headteacher alone; SMT keeps the register; a member of staff's privacy answers and follower checks are
 * their own (SMT sees completion, never content).
 */
export const registerRoles = ['smt', 'headteacher', 'admin'] as const;
export const complianceRoles = ['smt', 'headteacher', 'admin'] as const;
export const settingsRoles = ['smt', 'headteacher', 'admin'] as const;

type StaffActor = Extract<Actor, { kind: 'staff' }>;

export function isStaff(actor: Actor): actor is StaffActor {
  return actor.kind === 'staff';
}

/** Any member of staff asks for themselves. */
export function canRequestContactException(actor: Actor): boolean {
  return isStaff(actor);
}

/** Only the headteacher decides, never on their own request (someone else must: the chair of governors). */
export function canDecideContactException(
  actor: Actor,
  request: { schoolId: string; staffId: string },
): boolean {
  return (
    isStaff(actor) &&
    actor.schoolId === request.schoolId &&
    hasRole(actor, 'headteacher') &&
    actor.staffId !== request.staffId
  );
}

export function canReadContactRegister(actor: Actor): boolean {
  return actor.kind === 'system' || hasRole(actor, ...registerRoles);
}

export function canReadCompliance(actor: Actor): boolean {
  return hasRole(actor, ...complianceRoles);
}

export function canChangeSettings(actor: Actor): boolean {
  return hasRole(actor, ...settingsRoles);
}

/** SMT, the headteacher and admins see handovers; SMT and the headteacher decide them. */
export const handoverReaderRoles = ['smt', 'headteacher', 'admin'] as const;
export const handoverDeciderRoles = ['smt', 'headteacher'] as const;

export function canReadHandovers(actor: Actor): boolean {
  return hasRole(actor, ...handoverReaderRoles);
}

export function canDecideHandovers(actor: Actor): boolean {
  return hasRole(actor, ...handoverDeciderRoles);
}
