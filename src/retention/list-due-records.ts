import { staffEmails } from '../people/people.queries.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db/database.js';
import { forbidden, invalid } from '../platform/errors.js';
import { canSeeConcernsDue, canSetRetentionPeriods, canViewRetention } from './retention.permissions.js';
import { listActiveHolds, schoolPeriods } from './retention.repository.js';
import { countDueRows, findDueRecords, type PlainKind } from './retention-records.repository.js';
import { addDays, retentionRules, ruleFor, rulesForSchool } from './retention-rules.js';
import { type DueView, holdView } from './retention-views.js';

/**
 * What passes its retention date in the next `days` days by the school's own periods, for the retention
 * page, with the rules as the school has set them. Audited.
 */
export async function listDueForDestruction(
  db: Db,
  actor: Actor,
  schoolId: string,
  clock: Clock,
  days = 90,
): Promise<DueView> {
  if (!canViewRetention(actor, schoolId))
    throw forbidden(
      'RetentionForbidden',
      'only the DSL, their deputy, SMT and the headteacher see retention',
    );
  if (!Number.isInteger(days) || days < 1 || days > 3660)
    throw invalid('RetentionDaysInvalid', 'days must be a whole number between 1 and 3660');
  const today = clock.today();
  const until = addDays(today, days);
  const seeConcerns = canSeeConcernsDue(actor, schoolId);
  return db.transaction().execute(async (tx) => {
    const due = await findDueRecords(tx, { schoolId, until });
    const holds = await listActiveHolds(tx, schoolId);
    const placers = await staffEmails(
      tx,
      holds.flatMap((h) => (h.placed_by_staff_id ? [h.placed_by_staff_id] : [])),
    );
    const visibleHolds = holds.filter(
      (h) => seeConcerns || (h.target_kind !== 'concern' && h.target_kind !== 'pupil'),
    );
    const counts: DueView['counts'] = [];
    for (const rule of retentionRules) {
      if (rule.action === 'keep') continue;
      if (rule.kind === 'concern' || rule.kind === 'consent' || rule.kind === 'post_archive') {
        const ofKind = due.filter((r) => r.kind === rule.kind);
        counts.push({
          ruleId: rule.id,
          kind: rule.kind,
          due: ofKind.length,
          held: ofKind.filter((r) => r.held || r.open).length,
        });
      } else {
        const n = await countDueRows(tx, rule.kind as PlainKind, {
          schoolId,
          until: new Date(`${until}T23:59:59Z`),
        });
        counts.push({ ruleId: rule.id, kind: rule.kind, due: n, held: 0 });
      }
    }
    const records = due
      .filter((r) => seeConcerns || r.kind !== 'concern')
      .map(({ pupilIds, ...r }) => ({
        ...r,
        ruleId: ruleFor(r.kind).id,
        holdIds: holds
          .filter(
            (h) =>
              (h.target_kind === r.kind && h.target_id === r.id) ||
              (h.target_kind === 'pupil' && pupilIds.includes(h.target_id)),
          )
          .map((h) => h.id),
      }));
    const concernsListed = records.filter((r) => r.kind === 'concern').length;
    await recordAudit(tx, {
      actor,
      schoolId,
      event: {
        type: 'retention.due_viewed',
        subject: { type: 'school', id: schoolId },
        data: { days, concerns: concernsListed },
      },
      at: clock.now(),
    });
    return {
      days,
      until,
      rules: rulesForSchool(await schoolPeriods(tx, schoolId)),
      records,
      counts,
      holds: visibleHolds.map((h) =>
        holdView(h, h.placed_by_staff_id ? (placers.get(h.placed_by_staff_id) ?? null) : null),
      ),
      concernsHidden: !seeConcerns,
      abilities: { setPeriods: canSetRetentionPeriods(actor, schoolId) },
    };
  });
}
