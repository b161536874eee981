import { type Actor, hasRole } from '../platform/auth/roles.js';
import type { ConcernType } from './concerns.table.js';

/**
 * Who may see and work on a concern. Pure, tested as a table. DSL and deputies: every concern of their
 * school. Headteacher: concerns about adults, and every concern when the school's setting says so. Nobody
 * sees a concern about themselves. Everyone else: nothing (their own reports only as receipts).
 */
export interface ConcernAccessFacts {
  schoolId: string;
  type: ConcernType;
  subjectStaffId: string | null;
}

export interface ConcernAccessSettings {
  headteacherSees: 'staff_conduct' | 'all';
}

export function canTriageConcern(
  actor: Actor,
  concern: ConcernAccessFacts,
  settings: ConcernAccessSettings,
): boolean {
  if (actor.kind === 'system') return true;
  if (actor.schoolId !== concern.schoolId) return false;
  if (concern.subjectStaffId !== null && concern.subjectStaffId === actor.staffId) return false;
  if (hasRole(actor, 'dsl', 'deputy_dsl')) return true;
  if (hasRole(actor, 'headteacher'))
    return concern.type === 'staff_conduct' || settings.headteacherSees === 'all';
  return false;
}

/** Whether the actor has any triage role at all (the dashboard and list). */
export function isConcernLead(actor: Actor): boolean {
  return actor.kind === 'system' || hasRole(actor, 'dsl', 'deputy_dsl', 'headteacher');
}

/**
 * Child protection file transfers: the DSL and deputies only. A transfer task exists only for a leaver with
 * a safeguarding file, so even the list tells whoever reads it which pupils had one; a headteacher who sees
 * staff-conduct concerns only must not learn that, and sending the file is the DSL's duty in any case.
 */
export function canManageTransfers(actor: Actor, schoolId: string): boolean {
  if (actor.kind === 'system') return true;
  return actor.schoolId === schoolId && hasRole(actor, 'dsl', 'deputy_dsl');
}

/** Any member of staff of the school reports a concern. */
export function canReportConcern(actor: Actor, schoolId: string): boolean {
  return actor.kind === 'system' || actor.schoolId === schoolId;
}

/** Settings (alert times, the chair's contact, what the head sees): the DSL and the head. */
export function canManageConcernSettings(actor: Actor, schoolId: string): boolean {
  if (actor.kind === 'system') return true;
  return actor.schoolId === schoolId && hasRole(actor, 'dsl', 'headteacher');
}
