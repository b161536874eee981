import { z } from 'zod';
import {
  canManageRegisterSettings,
  canReadRegister,
  canRegisterAccount,
  deciderRoles,
} from '../accounts/accounts.permissions.js';
import { canManageCheckSettings } from '../checks/checks.permissions.js';
import {
  canManageConcernSettings,
  canManageTransfers,
  canReportConcern,
  isConcernLead,
} from '../concerns/concerns.permissions.js';
import { canReadConsents, canRecordConsents } from '../consent/consent.permissions.js';
import { canManageModerationSettings, canReadDisclosure } from '../moderation/moderation.permissions.js';
import { canImportRoster } from '../people/people.permissions.js';
import { can } from '../platform/auth/permissions.js';
import { hasRole, isStaffMember } from '../platform/auth/roles.js';
import type { StaffActor } from '../platform/http/route-access.js';
import { canPublishPolicy } from '../policy/policy.permissions.js';
import { approverRoles, canManagePostSettings, canSearchArchive } from '../posts/posts.permissions.js';
import { producesReport, reportReaderRoles } from '../reports/reports.permissions.js';
import { canViewRetention } from '../retention/retention.permissions.js';
import { canHandleSar, canReviewSar } from '../sar/sar.permissions.js';
import { type Ability, abilities, abilityDescriptions } from '../shared/abilities.js';
import {
  canChangeSettings,
  canReadCompliance,
  canReadContactRegister,
  canReadHandovers,
  canRequestContactException,
} from '../staff-use/staff-use.permissions.js';

/**
 * How each ability of `GET /api/me` is worked out: from the permission function (or the role list of the
 * route gate) that the domain's routes and services use, in the school the person is working in. A route
 * open to "any member of staff" (signedInAccess) refuses someone holding reader roles only (a governor),
 * so the abilities behind such routes ask `member` as well as the domain's own function.
 */
const rules: Record<Ability, (actor: StaffActor, member: boolean) => boolean> = {
  // Their own sessions and second factor are open to anyone signed in (the routes are any-role), someone
  // holding trust roles only and no role at this school included.
  'session.manage': () => true,
  'school.switch': (a) => can(a, 'school.switch'),
  'policy.read': (a) => can(a, 'policy.read'),
  'policy.acknowledge': (a) => can(a, 'policy.acknowledge'),
  'policy.acknowledgements.read': (a) => can(a, 'policy.acknowledgements.read'),
  'policy.import': (a) => can(a, 'policy.import') && canPublishPolicy(a, a.schoolId),
  'notifications.read': (a) => can(a, 'notifications.read'),
  'people.read': (a) => can(a, 'people.read'),
  'roster.import': (a) => can(a, 'roster.import') && canImportRoster(a, a.schoolId),
  'consents.read': (a, member) => member && canReadConsents(a, a.schoolId),
  'consents.record': (a, member) => member && canRecordConsents(a, a.schoolId),
  'checks.run': (_a, member) => member,
  'checks.settings': (a) => canManageCheckSettings(a),
  'concerns.report': (a, member) => member && canReportConcern(a, a.schoolId),
  'concerns.read': (a) => isConcernLead(a),
  'concerns.transfers': (a) => canManageTransfers(a, a.schoolId),
  'concerns.settings': (a) => canManageConcernSettings(a, a.schoolId),
  'posts.write': (_a, member) => member,
  'posts.approve': (a) => hasRole(a, ...approverRoles),
  'posts.settings': (a) => canManagePostSettings(a, a.schoolId),
  'archive.read': (a) => canSearchArchive(a, a.schoolId),
  'takedowns.handle': (_a, member) => member,
  'accounts.use': (a, member) => member && canRegisterAccount(a, a.schoolId),
  'accounts.manage': (a) => canReadRegister(a, a.schoolId),
  'accounts.decide': (a) => hasRole(a, ...deciderRoles),
  'accounts.settings': (a) => canManageRegisterSettings(a, a.schoolId),
  // Owners work the comments on their own accounts, moderators the school's: the use case decides which.
  'moderation.act': (_a, member) => member,
  'moderation.disclosures': (a) => canReadDisclosure(a, a.schoolId),
  'moderation.settings': (a) => canManageModerationSettings(a, a.schoolId),
  'staffUse.own': (a, member) => member && canRequestContactException(a),
  'staffUse.compliance': (a) => canReadCompliance(a),
  'staffUse.register': (a) => canReadContactRegister(a),
  'staffUse.handovers': (a) => canReadHandovers(a),
  'staffUse.decide': (a) => hasRole(a, 'headteacher'),
  'staffUse.settings': (a) => canChangeSettings(a),
  'reports.read': (a) => hasRole(a, ...reportReaderRoles),
  'reports.produce': (a) => producesReport(a),
  'retention.read': (a) => canViewRetention(a, a.schoolId),
  'sar.manage': (a) => canHandleSar(a, a.schoolId),
  'sar.review': (a) => canReviewSar(a, a.schoolId),
  'audit.read': (a) => can(a, 'audit.read'),
  'audit.export': (a) => can(a, 'audit.export'),
  'settings.manage': (a) => can(a, 'school.auth_settings.manage'),
};

export type Abilities = Record<Ability, boolean>;

/** Everything this person may open and do in the school they are working in now. Pure. */
export function abilitiesOf(actor: StaffActor): Abilities {
  const member = isStaffMember(actor.roles);
  return Object.fromEntries(
    abilities.map((ability) => [ability, rules[ability](actor, member)]),
  ) as Abilities;
}

/** The response schema of `abilities`: every ability named, each true or false, with what it allows. */
export const abilitiesSchema = z
  .object(
    Object.fromEntries(
      abilities.map((ability) => [ability, z.boolean().describe(abilityDescriptions[ability])]),
    ) as Record<Ability, z.ZodBoolean>,
  )
  .describe('What this person may open and do in this school; the web app reads these, never roles');
