import { notify } from '../notifications/notify.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor, Role } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';
import { invalid, notFound } from '../platform/errors.js';
import { linkTo } from '../shared/links.js';
import { recordConcernListViewed } from './concern.events.js';
import { canTriageConcern, isConcernLead } from './concern.permissions.js';
import { concernsAlertedTo, findConcern, lockConcern, staffContacts } from './concerns.repository.js';
import { accessSettingsOf, appendEntry, type ConcernContext, isUuid } from './concerns.service.js';
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

const notFoundError = () => notFound('ConcernNotFound', 'no such concern');

const leadRoles: readonly Role[] = ['dsl', 'deputy_dsl', 'headteacher'];
const roleOrder: Role[] = ['dsl', 'deputy_dsl', 'headteacher'];

async function readersOf(tx: DbExecutor, concern: ConcernRow): Promise<ConcernReader[]> {
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
async function requireAlertAccess(
  tx: DbExecutor,
  actor: Actor,
  schoolId: string,
  concernId: string,
  options: { lock?: boolean } = {},
): Promise<{ concern: ConcernRow; canRead: boolean }> {
  if (!isConcernLead(actor) || actor.kind !== 'staff' || actor.schoolId !== schoolId || !isUuid(concernId))
    throw notFoundError();
  const concern = options.lock
    ? await lockConcern(tx, concernId)
    : await findConcern(tx, schoolId, concernId);
  if (!concern || concern.school_id !== schoolId) throw notFoundError();
  const canRead = canTriageConcern(
    actor,
    { schoolId, type: concern.type, subjectStaffId: concern.subject_staff_id },
    await accessSettingsOf(tx, schoolId),
  );
  if (canRead) return { concern, canRead };
  // The subject of a concern is never alerted (routing leaves them out), so an alert is enough here.
  const alerted = await concernsAlertedTo(tx, actor.staffId, [concern.id]);
  if (!alerted.has(concern.id)) throw notFoundError();
  return { concern, canRead: false };
}

async function toAlertView(tx: DbExecutor, concern: ConcernRow, canRead: boolean): Promise<AlertView> {
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

/** The alert view of one concern; the read is audited like any other. */
export async function getAlertView(
  ctx: ConcernContext,
  actor: Actor,
  input: { schoolId: string; concernId: string },
): Promise<AlertView> {
  return ctx.db.transaction().execute(async (tx) => {
    const { concern, canRead } = await requireAlertAccess(tx, actor, input.schoolId, input.concernId);
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      event: {
        type: 'concern.viewed',
        subject: { type: 'concern', id: concern.id },
        data: { view: 'alert' },
      },
      at: ctx.now,
    });
    return toAlertView(tx, concern, canRead);
  });
}

export type AlertResponse = { kind: 'acknowledge' } | { kind: 'hand_on'; staffId: string };

/**
 * Whoever an alert reached acts on it: acknowledges it (the escalation stops), or hands it on to a lead who
 * may read it, which acknowledges it too (someone has it) and tells that lead at once. One transaction,
 * chronology entries and audit events inside it.
 */
export async function respondToAlert(
  ctx: ConcernContext,
  actor: Actor,
  input: { schoolId: string; concernId: string; response: AlertResponse },
): Promise<AlertView> {
  return ctx.db.transaction().execute(async (tx) => {
    const { concern, canRead } = await requireAlertAccess(tx, actor, input.schoolId, input.concernId, {
      lock: true,
    });
    if (concern.status === 'closed') throw invalid('ConcernClosed', 'this concern is closed');
    const subject = { type: 'concern' as const, id: concern.id };
    const staffId = actor.kind === 'staff' ? actor.staffId : null;
    const audit = (event: Parameters<typeof recordAudit>[1]['event']) =>
      recordAudit(tx, { actor, schoolId: input.schoolId, event, at: ctx.now });
    const acknowledge = async () => {
      await tx
        .updateTable('concerns')
        .set({ status: 'open', acknowledged_at: ctx.now, acknowledged_by: staffId, updated_at: ctx.now })
        .where('id', '=', concern.id)
        .execute();
      await appendEntry(tx, ctx.keyring, { concern, actor, kind: 'acknowledged', at: ctx.now });
      await audit({
        type: 'concern.acknowledged',
        subject,
        data: { afterMinutes: Math.round((ctx.now.getTime() - concern.created_at.getTime()) / 60_000) },
      });
    };
    if (input.response.kind === 'acknowledge') {
      if (concern.acknowledged_at !== null)
        throw invalid('ConcernAlreadyAcknowledged', 'already acknowledged');
      await acknowledge();
    } else {
      const to = input.response.staffId;
      const reader = (await readersOf(tx, concern)).find((r) => r.staffId === to);
      if (!reader || to === staffId)
        throw invalid('AssigneeCannotSeeConcern', 'hand it to a safeguarding lead who may read it');
      if (concern.acknowledged_at === null) await acknowledge();
      await tx
        .updateTable('concerns')
        .set({ assigned_staff_id: to, updated_at: ctx.now })
        .where('id', '=', concern.id)
        .execute();
      await appendEntry(tx, ctx.keyring, {
        concern,
        actor,
        kind: 'assigned',
        at: ctx.now,
        facts: { staffId: to, handedOn: true },
      });
      await notify(tx, {
        schoolId: input.schoolId,
        staffIds: [to],
        kind: 'concern.handed_on',
        title:
          concern.urgency === 'urgent'
            ? 'Urgent: a safeguarding concern has been handed to you'
            : 'A safeguarding concern has been handed to you',
        link: linkTo('concern', { id: concern.id }),
        email: true,
        now: ctx.now,
      });
      await audit({ type: 'concern.assigned', subject, data: { staffId: to } });
    }
    const fresh = await lockConcern(tx, concern.id);
    if (!fresh) throw notFoundError();
    return toAlertView(tx, fresh, canRead);
  });
}

/** An urgent concern nobody has acknowledged yet, for the banner on every page. */
export interface UrgentConcern {
  id: string;
  reference: string;
  reportedAt: string;
  escalationLevel: number;
}

/**
 * Urgent concerns not yet acknowledged that this person may read or was alerted about, oldest first. Empty
 * for everyone else (the banner asks on every page). Audited when it names any.
 */
export async function listUrgentUnacknowledged(
  ctx: ConcernContext,
  actor: Actor,
  input: { schoolId: string },
): Promise<UrgentConcern[]> {
  if (!isConcernLead(actor) || actor.kind !== 'staff' || actor.schoolId !== input.schoolId) return [];
  return ctx.db.transaction().execute(async (tx) => {
    const rows = await tx
      .selectFrom('concerns')
      .selectAll()
      .where('school_id', '=', input.schoolId)
      .where('urgency', '=', 'urgent')
      .where('acknowledged_at', 'is', null)
      .where('status', '!=', 'closed')
      .orderBy('created_at')
      .limit(50)
      .execute();
    const access = await accessSettingsOf(tx, input.schoolId);
    const alerted = await concernsAlertedTo(
      tx,
      actor.staffId,
      rows.map((r) => r.id),
    );
    const visible = rows.filter(
      (c) =>
        alerted.has(c.id) ||
        canTriageConcern(
          actor,
          { schoolId: c.school_id, type: c.type, subjectStaffId: c.subject_staff_id },
          access,
        ),
    );
    if (visible.length > 0)
      await recordConcernListViewed(tx, {
        actor,
        schoolId: input.schoolId,
        view: 'urgent',
        count: visible.length,
        at: ctx.now,
      });
    return visible.map((c) => ({
      id: c.id,
      reference: c.reference,
      reportedAt: c.created_at.toISOString(),
      escalationLevel: c.escalation_level,
    }));
  });
}
