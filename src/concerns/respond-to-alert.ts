import { notify } from '../notifications/notify.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import { invalid } from '../platform/errors.js';
import { linkTo } from '../shared/links.js';
import { type ConcernContext, concernNotFound } from './concern-access.js';
import { type AlertView, readersOf, requireAlertAccess, toAlertView } from './concern-alert-view.js';
import { appendEntry } from './concern-chronology.js';
import { lockConcern, updateConcern } from './concerns.repository.js';

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
      await updateConcern(tx, concern.id, {
        status: 'open',
        acknowledged_at: ctx.now,
        acknowledged_by: staffId,
        updated_at: ctx.now,
      });
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
      await updateConcern(tx, concern.id, { assigned_staff_id: to, updated_at: ctx.now });
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
    if (!fresh) throw concernNotFound();
    return toAlertView(tx, fresh, canRead);
  });
}
