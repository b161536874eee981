import type { DbExecutor } from '../platform/db/database.js';
import {
  type AcknowledgementSettings,
  acknowledgementDeadline,
  defaultAcknowledgementSettings,
  earliestAcknowledgementDeadline,
} from './concern-deadlines.js';

/**
 * Concerns reported between `start` and `end` that were acknowledged after the school's deadline (urgent:
 * minutes; routine: working days), or not yet by `asOf` though their deadline had passed. A count only: no
 * concern, pupil or person leaves this function. For trust and governors' figures.
 */
export async function countLateAcknowledgements(
  db: DbExecutor,
  input: { schoolId: string; start: Date; end: Date; asOf: Date },
): Promise<{ reported: number; late: number }> {
  const counts = await countLateAcknowledgementsBySchool(db, { ...input, schoolIds: [input.schoolId] });
  return counts.get(input.schoolId) ?? { reported: 0, late: 0 };
}

/**
 * The same count for many schools at once (the trust's comparison of its schools): one query for the
 * concerns and one for the schools' deadlines, each school counted against its own deadlines.
 */
export async function countLateAcknowledgementsBySchool(
  db: DbExecutor,
  input: { schoolIds: readonly string[]; start: Date; end: Date; asOf: Date },
): Promise<Map<string, { reported: number; late: number }>> {
  const counts = new Map(input.schoolIds.map((id) => [id, { reported: 0, late: 0 }]));
  if (input.schoolIds.length === 0) return counts;
  const settings = new Map<string, AcknowledgementSettings>(
    (
      await db
        .selectFrom('concern_settings')
        .select(['school_id', 'urgent_ack_minutes', 'routine_ack_working_days'])
        .where('school_id', 'in', input.schoolIds)
        .execute()
    ).map((s) => [
      s.school_id,
      { urgentAckMinutes: s.urgent_ack_minutes, routineAckWorkingDays: s.routine_ack_working_days },
    ]),
  );
  const rows = await db
    .selectFrom('concerns')
    .select(['school_id', 'urgency', 'created_at', 'acknowledged_at', 'acknowledgement_due_at'])
    .where('school_id', 'in', input.schoolIds)
    .where('created_at', '>=', input.start)
    .where('created_at', '<', input.end)
    .execute();
  const cutoff = Math.min(input.end.getTime(), input.asOf.getTime());
  for (const row of rows) {
    const count = counts.get(row.school_id);
    if (!count) continue;
    count.reported++;
    const acknowledged = row.acknowledged_at?.getTime();
    // The deadline the concern was given when reported; today's settings only for those reported before
    // deadlines were kept, so a past range keeps its figures when the settings change.
    const kept = row.acknowledgement_due_at?.getTime();
    if (kept !== undefined) {
      if (acknowledged !== undefined ? acknowledged > kept : kept < cutoff) count.late++;
      continue;
    }
    const school = settings.get(row.school_id) ?? defaultAcknowledgementSettings;
    // Acknowledged (or still open at the cutoff) before any deadline could fall: on time, no calendar needed.
    if (
      (acknowledged ?? cutoff) <=
      earliestAcknowledgementDeadline(row.urgency, row.created_at, school).getTime()
    )
      continue;
    const due = acknowledgementDeadline(row.urgency, row.created_at, school).getTime();
    if (acknowledged !== undefined ? acknowledged > due : due < cutoff) count.late++;
  }
  return counts;
}
