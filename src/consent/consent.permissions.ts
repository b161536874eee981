import { type Actor, hasRole } from '../platform/auth/roles.js';

/**
 * Who may do what with the consent register. Pure, so the rules are tested as a table. A staff actor only
 * acts in the school they are signed in to; the system actor (CLI, jobs) is the operator.
 */

/** Every member of staff reads a pupil's consent: they need it to tag a pupil in a photo. */
export function canReadConsents(actor: Actor, schoolId: string): boolean {
  return actor.kind === 'system' || actor.schoolId === schoolId;
}

/** Recording, importing and asking carers for consent: SMT, the headteacher and admins. */
export function canRecordConsents(actor: Actor, schoolId: string): boolean {
  if (actor.kind === 'system') return true;
  return actor.schoolId === schoolId && hasRole(actor, 'admin', 'smt', 'headteacher');
}

/** The e-signature details (the address a carer signed from) go to the people who record consent. */
export function canSeeSignatureDetails(actor: Actor, schoolId: string): boolean {
  return canRecordConsents(actor, schoolId);
}
