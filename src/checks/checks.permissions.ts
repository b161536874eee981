import { type Actor, hasRole } from '../platform/auth/roles.js';

/** Who changes a school's check settings and block lists: admins, SMT and the headteacher. */
export const checkSettingsRoles = ['admin', 'headteacher', 'smt'] as const;

export function canManageCheckSettings(actor: Actor): boolean {
  return actor.kind === 'system' || hasRole(actor, ...checkSettingsRoles);
}
