import type { Actor } from '../platform/auth/roles.js';
import type { IsoDate } from '../platform/calendar/dates.js';
import type { Db } from '../platform/db/database.js';
import { auditReport, checkRange, checkReader, producedByOf, readSchool } from './get-governors-report.js';
import { computeGovernorsReport } from './governors-report.js';
import { renderGovernorsReportPdf } from './governors-report-pdf.js';
import { computeGovernorsTrends, MAX_TREND_TERMS } from './governors-trends.js';

/**
 * The governors' report for a range as a PDF, with the trends of the last terms drawn into it: one download,
 * one transaction, one audit row saying it was exported as PDF. (The trends are part of this PDF, not a
 * second opening of the report, so they are not audited on their own.) The PDF is drawn inside the
 * transaction, so a download that fails leaves no row saying it happened.
 */
export async function exportGovernorsReportPdf(
  db: Db,
  actor: Actor,
  input: { schoolId: string; from: IsoDate; to: IsoDate },
  now: Date,
  options: { compress?: boolean } = {},
): Promise<{ fileName: string; pdf: Buffer }> {
  checkReader(actor, input.schoolId);
  checkRange(input.from, input.to);
  return db.transaction().execute(async (tx) => {
    const school = await readSchool(tx, input.schoolId);
    const report = await computeGovernorsReport(tx, {
      schoolId: input.schoolId,
      schoolName: school.name,
      from: input.from,
      to: input.to,
      producedBy: producedByOf(actor),
      producedAt: now,
    });
    const trends = await computeGovernorsTrends(tx, {
      schoolId: input.schoolId,
      schoolName: school.name,
      to: input.to,
      terms: MAX_TREND_TERMS,
      producedAt: now,
    });
    const pdf = await renderGovernorsReportPdf(report, { trends, ...options });
    await auditReport(tx, actor, input.schoolId, now, { from: input.from, to: input.to, format: 'pdf' });
    return { fileName: `governors-report-${input.from}-to-${input.to}.pdf`, pdf };
  });
}
