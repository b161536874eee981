import { notify } from '../notifications/notify.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { DbExecutor } from '../platform/db/database.js';
import { linkToModerationItem } from '../shared/links.js';
import { findItem, findModerationSettings, staffHolding } from './moderation.repository.js';
import { smtRoles } from './moderation-actions.js';
import { addWorkingMinutes } from './school-hours.js';

/**
 * The SLA scan: each open blocked comment (not a possible disclosure) nobody acted on within the school's
 * working minutes goes to SMT, once. Runs every minute; only open blocked items are read.
 */
export async function escalateOverdueItems(tx: DbExecutor, now: Date): Promise<{ escalated: number }> {
  const open = await tx
    .selectFrom('moderation_items')
    .select(['id', 'school_id', 'received_at'])
    .where('state', '=', 'open')
    .where('verdict', '=', 'block')
    .where('disclosure', '=', false)
    .where('actioned_at', 'is', null)
    .where('escalated_at', 'is', null)
    .execute();
  const slaBySchool = new Map<string, number>();
  let escalated = 0;
  for (const item of open) {
    let sla = slaBySchool.get(item.school_id);
    if (sla === undefined) {
      sla = (await findModerationSettings(tx, item.school_id)).slaWorkingMinutes;
      slaBySchool.set(item.school_id, sla);
    }
    if (addWorkingMinutes(item.received_at, sla) > now) continue;
    if ((await escalateOverdueItem(tx, now, item.id)).escalated) escalated++;
  }
  return { escalated };
}

/** Escalates one blocked comment nobody acted on within the school's working minutes to SMT. */
export async function escalateOverdueItem(
  tx: DbExecutor,
  now: Date,
  itemId: string,
): Promise<{ escalated: boolean }> {
  const item = await findItem(tx, itemId);
  if (item?.state !== 'open' || item.actioned_at || item.escalated_at) return { escalated: false };
  const settings = await findModerationSettings(tx, item.school_id);
  const smt = await staffHolding(tx, item.school_id, smtRoles);
  await notify(tx, {
    schoolId: item.school_id,
    staffIds: smt.map((s) => s.id),
    kind: 'moderation.sla_overdue',
    title: `A blocked comment on a school account has waited more than ${settings.slaWorkingMinutes} working minutes: remove it (clause 2.6)`,
    link: linkToModerationItem(item.id),
    email: true,
    now,
  });
  await tx.updateTable('moderation_items').set({ escalated_at: now }).where('id', '=', itemId).execute();
  await recordAudit(tx, {
    actor: { kind: 'system', label: 'moderation-sla' },
    schoolId: item.school_id,
    event: {
      type: 'moderation.escalated',
      subject: { type: 'moderation_item', id: itemId },
      data: { slaWorkingMinutes: settings.slaWorkingMinutes, smtNotified: smt.length },
    },
    at: now,
  });
  return { escalated: true };
}
