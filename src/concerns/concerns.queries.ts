import type { DbExecutor } from '../platform/db/database.js';
import { alertSettingsOf } from './concern-alerting.js';
import { acknowledgementDeadline } from './concern-deadlines.js';

/**
 * Concerns reported between `start` and `end` that were acknowledged after the school's deadline (urgent:
 * minutes; routine: working days), or not yet by `asOf` though their deadline had passed. A count only: no
 * concern, pupil or person leaves this function. For trust and governors' figures.
 */
export async function countLateAcknowledgements(
  db: DbExecutor,
  input: { schoolId: string; start: Date; end: Date; asOf: Date },
): Promise<{ reported: number; late: number }> {
  const settings = await alertSettingsOf(db, input.schoolId);
  const rows = await db
    .selectFrom('concerns')
    .select(['urgency', 'created_at', 'acknowledged_at'])
    .where('school_id', '=', input.schoolId)
    .where('created_at', '>=', input.start)
    .where('created_at', '<', input.end)
    .execute();
  const cutoff = Math.min(input.end.getTime(), input.asOf.getTime());
  let late = 0;
  for (const row of rows) {
    const due = acknowledgementDeadline(row.urgency, row.created_at, settings).getTime();
    const acknowledged = row.acknowledged_at?.getTime();
    if (acknowledged !== undefined ? acknowledged > due : due < cutoff) late++;
  }
  return { reported: rows.length, late };
}
