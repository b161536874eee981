import type { Actor } from '../platform/auth/roles.js';
import { forbidden } from '../platform/errors.js';
import { accessSettingsOf, type ConcernContext } from './concern-access.js';
import { alertSettingsOf } from './concern-alerting.js';
import { acknowledgementDeadline } from './concern-deadlines.js';
import { listActionDueDates, listReferralFollowUps } from './concern-record.repository.js';
import { recordConcernListViewed } from './concerns.events.js';
import { canTriageConcern, isConcernLead } from './concerns.permissions.js';
import { concernsAlertedTo, listSchoolConcerns } from './concerns.repository.js';
import type { ConcernStatus, ConcernType } from './concerns.table.js';

export interface ConcernSummary {
  id: string;
  reference: string;
  type: ConcernType;
  urgency: 'urgent' | 'routine';
  status: ConcernStatus;
  reportedAt: string;
  acknowledgedAt: string | null;
  acknowledgeBy: string | null;
  escalationLevel: number;
  assignedStaffId: string | null;
  openActions: number;
  overdueActions: number;
  overdueFollowUps: number;
  legalHold: boolean;
  /** False for a concern that was escalated to someone who may not read it: they see its alert only. */
  canRead: boolean;
}

/** The DSL dashboard: every concern the actor may see, newest first, with timers and overdue work. */
export async function listConcerns(
  ctx: ConcernContext,
  actor: Actor,
  input: { schoolId: string; today: string; status?: ConcernStatus | undefined },
): Promise<ConcernSummary[]> {
  if (!isConcernLead(actor) || (actor.kind === 'staff' && actor.schoolId !== input.schoolId))
    throw forbidden('ConcernListForbidden', 'the concern dashboard is for safeguarding leads');
  return ctx.db.transaction().execute(async (tx) => {
    const access = await accessSettingsOf(tx, input.schoolId);
    const alert = await alertSettingsOf(tx, input.schoolId);
    const all = await listSchoolConcerns(tx, input.schoolId, input.status);
    const readable = new Set(
      all
        .filter((c) =>
          canTriageConcern(
            actor,
            { schoolId: c.school_id, type: c.type, subjectStaffId: c.subject_staff_id },
            access,
          ),
        )
        .map((c) => c.id),
    );
    // Someone a concern escalated to must see it to act on it, even where they may not read it.
    const alerted =
      actor.kind === 'staff'
        ? await concernsAlertedTo(
            tx,
            actor.staffId,
            all.filter((c) => !readable.has(c.id)).map((c) => c.id),
          )
        : new Set<string>();
    const rows = all.filter((c) => readable.has(c.id) || alerted.has(c.id));
    const ids = rows.filter((r) => readable.has(r.id)).map((r) => r.id);
    const actions = await listActionDueDates(tx, ids);
    const referrals = await listReferralFollowUps(tx, ids);
    await recordConcernListViewed(tx, {
      actor,
      schoolId: input.schoolId,
      view: 'dashboard',
      count: rows.length,
      at: ctx.now,
    });
    return rows.map((c) => {
      const open = actions.filter((a) => a.concern_id === c.id && a.completed_at === null);
      return {
        id: c.id,
        reference: c.reference,
        type: c.type,
        urgency: c.urgency,
        status: c.status,
        reportedAt: c.created_at.toISOString(),
        acknowledgedAt: c.acknowledged_at?.toISOString() ?? null,
        acknowledgeBy:
          c.acknowledged_at === null
            ? (
                c.acknowledgement_due_at ?? acknowledgementDeadline(c.urgency, c.created_at, alert)
              ).toISOString()
            : null,
        escalationLevel: c.escalation_level,
        assignedStaffId: c.assigned_staff_id,
        openActions: open.length,
        overdueActions: open.filter((a) => a.due_on < input.today).length,
        overdueFollowUps:
          c.status === 'closed'
            ? 0
            : referrals.filter(
                (r) => r.concern_id === c.id && r.follow_up_on !== null && r.follow_up_on < input.today,
              ).length,
        legalHold: c.legal_hold,
        canRead: readable.has(c.id),
      };
    });
  });
}
