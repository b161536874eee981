import type { Actor } from '../platform/auth/roles.js';
import { accessSettingsOf, type ConcernContext } from './concern-access.js';
import { recordConcernListViewed } from './concerns.events.js';
import { canTriageConcern, isConcernLead } from './concerns.permissions.js';
import { concernsAlertedTo, listUrgentUnacknowledgedConcerns } from './concerns.repository.js';

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
    const rows = await listUrgentUnacknowledgedConcerns(tx, input.schoolId);
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
