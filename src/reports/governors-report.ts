import type { IsoDate } from '../platform/calendar/dates.js';
import { sameLondonTimeOn } from '../platform/calendar/working-days.js';
import type { Db } from '../platform/db/database.js';
import {
  accountsSection,
  acknowledgementSection,
  concernsSection,
  moderationSection,
  policySection,
  postsSection,
  staffUseSection,
  takedownsSection,
} from './governors-report-sections.js';
import type * as q from './report.repository.js';
import type { GovernorsReport } from './report-figures.js';

export type { Figure, GovernorsReport, ReportSection, ReportValue } from './report-figures.js';

/**
 * The governors' report: counts only, built from what Guardpost holds, for a date range. Every figure is
 * computed from the range alone (rows recorded before its end), never from "now", so the same range always
 * gives the same figures. A count of 1 to 4 is shown as "fewer than 5" and never as the number; a median or
 * a rate over fewer than 5 things is withheld the same way, since it could point at one child or person.
 */

const MIDNIGHT_LONDON = new Date('2000-01-01T00:00:00Z');

/** The instants of a range of London days: midnight at the start of `from` to midnight after `to`. */
export function reportWindow(schoolId: string, from: IsoDate, to: IsoDate): q.ReportWindow {
  const next = new Date(`${to}T12:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return {
    schoolId,
    start: sameLondonTimeOn(MIDNIGHT_LONDON, from),
    end: sameLondonTimeOn(MIDNIGHT_LONDON, next.toISOString().slice(0, 10)),
  };
}

export async function computeGovernorsReport(
  db: Db,
  input: {
    schoolId: string;
    schoolName: string;
    from: IsoDate;
    to: IsoDate;
    producedBy: { name: string; role: string };
    producedAt: Date;
  },
): Promise<GovernorsReport> {
  const w = reportWindow(input.schoolId, input.from, input.to);
  const sections = [
    await policySection(db, w, input.to),
    await acknowledgementSection(db, w),
    await accountsSection(db, w, input.to),
    await postsSection(db, w),
    await takedownsSection(db, w),
    await moderationSection(db, w, input.from, input.to),
    await staffUseSection(db, w, input.to),
    await concernsSection(db, w, input.from, input.to),
  ];
  return {
    schoolId: input.schoolId,
    schoolName: input.schoolName,
    from: input.from,
    to: input.to,
    marking: 'OFFICIAL',
    producedBy: input.producedBy,
    producedAt: input.producedAt.toISOString(),
    sections,
    definitions: sections.flatMap((s) =>
      s.figures.map((f) => ({ key: f.key, label: f.label, definition: f.definition })),
    ),
  };
}
