import { staffContacts } from '../people/people.queries.js';
import type { Actor, Role } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';
import { accessSettingsOf, concernNotFound, isUuid } from './concern-access.js';
import { canTriageConcern, isConcernLead } from './concerns.permissions.js';
import { concernsAlertedTo, findConcern, lockConcern } from './concerns.repository.js';
import type { ConcernRow, ConcernStatus, ConcernType } from './concerns.table.js';

/** Someone who may read a concern in full, and how to reach them. */
export interface ConcernReader {
  staffId: string;
  name: string;
  email: string;
  role: Role;
}

/**
 * What someone alerted about a concern sees: enough to act on the alert (acknowledge it, or hand it on to
 * a lead who may read it), never its content unless they may read it anyway.
 */
export interface AlertView {
  id: string;
  reference: string;
  type: ConcernType;
  urgency: 'urgent' | 'routine';
  status: ConcernStatus;
  reportedAt: string;
  acknowledgedAt: string | null;
  assignedStaffId: string | null;
  escalationLevel: number;
  /** Whether this person may open the concern in full. */
  canRead: boolean;
  /** Who may read it (the DSL and deputies, and the head where the school's setting lets them). */
  readers: ConcernReader[];
}

const leadRoles: readonly Role[] = ['dsl', 'deputy_dsl', 'headteacher'];
const roleOrder: Role[] = ['dsl', 'deputy_dsl', 'headteacher'];

export async function readersOf(tx: DbExecutor, concern: ConcernRow): Promise<ConcernReader[]> {
  const access = await accessSettingsOf(tx, concern.school_id);
  const facts = { schoolId: concern.school_id, type: concern.type, subjectStaffId: concern.subject_staff_id };
  const people = await staffContacts(tx, concern.school_id, leadRoles);
  return people
    .filter((p) =>
      canTriageConcern(
        {
          kind: 'staff',
          staffId: p.staffId,
          schoolId: concern.school_id,
          roles: p.roles,
          email: '',
          name: '',
        },
        facts,
        access,
      ),
    )
    .map((p) => ({
      staffId: p.staffId,
      name: p.name,
      email: p.email,
      role: roleOrder.find((r) => p.roles.includes(r)) ?? 'dsl',
    }))
    .sort((a, b) => roleOrder.indexOf(a.role) - roleOrder.indexOf(b.role));
}

/**
 * The concern as its alert shows it, for a lead who may read it or who was alerted about it (an urgent
 * concern escalated to a headteacher who may not read child-protection content). Anyone else: not found.
 */
export async function requireAlertAccess(
  tx: DbExecutor,
  actor: Actor,
  schoolId: string,
  concernId: string,
  options: { lock?: boolean } = {},
): Promise<{ concern: ConcernRow; canRead: boolean }> {
  if (!isConcernLead(actor) || actor.kind !== 'staff' || actor.schoolId !== schoolId || !isUuid(concernId))
    throw concernNotFound();
  const concern = options.lock
    ? await lockConcern(tx, concernId)
    : await findConcern(tx, schoolId, concernId);
  if (!concern || concern.school_id !== schoolId) throw concernNotFound();
  const canRead = canTriageConcern(
    actor,
    { schoolId, type: concern.type, subjectStaffId: concern.subject_staff_id },
    await accessSettingsOf(tx, schoolId),
  );
  if (canRead) return { concern, canRead };
  // The subject of a concern is never alerted (routing leaves them out), so an alert is enough here.
  const alerted = await concernsAlertedTo(tx, actor.staffId, [concern.id]);
  if (!alerted.has(concern.id)) throw concernNotFound();
  return { concern, canRead: false };
}

export async function toAlertView(tx: DbExecutor, concern: ConcernRow, canRead: boolean): Promise<AlertView> {
  return {
    id: concern.id,
    reference: concern.reference,
    type: concern.type,
    urgency: concern.urgency,
    status: concern.status,
    reportedAt: concern.created_at.toISOString(),
    acknowledgedAt: concern.acknowledged_at?.toISOString() ?? null,
    assignedStaffId: concern.assigned_staff_id,
    escalationLevel: concern.escalation_level,
    canRead,
    readers: await readersOf(tx, concern),
  };
}
