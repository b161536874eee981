import type { IsoDate } from '../platform/calendar/dates.js';
import type { Db } from '../platform/db/database.js';
import { reportWindow } from './governors-report.js';
import type { ReportValue } from './report-figures.js';
import { suppressCount } from './report-figures.js';
import {
  accountStatusesAtEnd,
  accountsDueReapproval,
  reviewStatusText,
  shareOfStaff,
  staffOnRollAt,
} from './report-rules.js';
import * as q from './schools-figures.repository.js';

/** The report's figures a trust compares its schools by, under the report's own figure keys. */
export type SchoolHeadlineKey =
  | 'policy.review_status'
  | 'ack.rate'
  | 'accounts.reapproval_due'
  | 'posts.checked'
  | 'posts.blocked';

/**
 * A few of the governors' report's figures for many schools at once: one query per figure across the
 * schools (not one report per school), worked out by the report's own rules (report-rules.ts), so each
 * school's figures are those its own report gives for the range. Counts only.
 */
export async function computeSchoolsHeadlineFigures(
  db: Db,
  input: { schoolIds: readonly string[]; from: IsoDate; to: IsoDate },
): Promise<Map<string, Record<SchoolHeadlineKey, ReportValue>>> {
  const result = new Map<string, Record<SchoolHeadlineKey, ReportValue>>();
  if (input.schoolIds.length === 0) return result;
  const { start, end } = reportWindow('', input.from, input.to);
  const w: q.SchoolsWindow = { schoolIds: input.schoolIds, start, end };
  const versions = new Map((await q.readCurrentPolicyVersions(db, w)).map((v) => [v.school_id, v]));
  const acknowledged = new Set(
    (
      await q.readSchoolsAcknowledgers(
        db,
        w,
        [...versions.values()].map((v) => v.document_hash),
      )
    )
      // The same text may be in force at two schools (a trust template): only this school's count.
      .filter((a) => versions.get(a.school_id)?.document_hash === a.document_hash)
      .map((a) => `${a.school_id}/${a.staff_id}`),
  );
  const members = groupBySchool(await q.readSchoolsMemberships(db, w));
  const accounts = groupBySchool(await q.readSchoolsAccounts(db, w));
  const statusAt = accountStatusesAtEnd(
    [...accounts.values()].flat(),
    await q.readSchoolsAccountTransitions(db, w),
  );
  const posts = new Map((await q.countSchoolsPosts(db, w)).map((p) => [p.school_id, p]));
  for (const schoolId of input.schoolIds) {
    const onRoll = staffOnRollAt(members.get(schoolId) ?? [], end);
    const done = new Set(
      onRoll.filter((m) => acknowledged.has(`${schoolId}/${m.staff_id}`)).map((m) => m.staff_id),
    );
    const counts = posts.get(schoolId) ?? { checked: 0, blocked: 0 };
    result.set(schoolId, {
      'policy.review_status': reviewStatusText(versions.get(schoolId), input.to),
      'ack.rate': shareOfStaff(onRoll, done),
      'accounts.reapproval_due': suppressCount(
        accountsDueReapproval(accounts.get(schoolId) ?? [], statusAt, input.to).length,
      ),
      'posts.checked': suppressCount(counts.checked),
      'posts.blocked': suppressCount(counts.blocked),
    });
  }
  return result;
}

function groupBySchool<T extends { school_id: string }>(rows: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.school_id);
    if (group) group.push(row);
    else groups.set(row.school_id, [row]);
  }
  return groups;
}
