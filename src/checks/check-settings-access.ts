import type { Actor } from '../platform/auth/roles.js';
import { forbidden } from '../platform/errors.js';
import { canManageCheckSettings } from './checks.permissions.js';

/** The guard every check-settings use case starts with. */
export function requireSettingsAdmin(actor: Actor): void {
  if (!canManageCheckSettings(actor)) {
    throw forbidden('CheckSettingsForbidden', 'only admins, SMT and the headteacher manage check settings');
  }
}
