import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import { daysBetween, type IsoDate, isIsoDate } from '../platform/calendar/dates.js';
import type { Db } from '../platform/db/database.js';
import { forbidden, invalid, notFound } from '../platform/errors.js';
import { staffRoleLabels } from '../shared/concern-words.js';
import { computeGovernorsReport, type GovernorsReport } from './governors-report.js';
import { computeGovernorsTrends, type GovernorsTrends, MAX_TREND_TERMS } from './governors-trends.js';
import { producesReport, reportReaderRoles } from './reports.permissions.js';

/** A report covers at most a little over a school year, so one request stays small. */
export const MAX_REPORT_DAYS = 400;

/**
 * Produces (SMT, headteacher, DSL, deputy) or opens (governor) the governors' report for a range, for the
 * page, in one transaction with its audit row: who asked, for which range and in which format, never a
 * figure. The PDF is its own use case (export-governors-report-pdf.ts), audited once as the PDF.
 */
export async function getGovernorsReport(
  db: Db,
  actor: Actor,
  input: { schoolId: string; from: IsoDate; to: IsoDate },
  now: Date,
): Promise<GovernorsReport> {
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
    await auditReport(tx, actor, input.schoolId, now, { from: input.from, to: input.to, format: 'json' });
    return report;
  });
}

/** Who the report names as its producer: the reader and the role they read it under. */
export function producedByOf(actor: Actor): { name: string; role: string } {
  if (actor.kind !== 'staff') return { name: actor.label, role: 'System' };
  const role = reportReaderRoles.find((r) => actor.roles.includes(r));
  return { name: actor.name || actor.email, role: role ? staffRoleLabels[role] : 'Staff' };
}

/**
 * The trends of the report's headline figures over the last terms (the term of `to` and those before it),
 * each point the figure of that term's own report; audited as one opening of the report.
 */
export async function getGovernorsTrends(
  db: Db,
  actor: Actor,
  input: { schoolId: string; to: IsoDate; terms: number },
  now: Date,
): Promise<GovernorsTrends> {
  checkReader(actor, input.schoolId);
  checkRange(input.to, input.to);
  if (!Number.isInteger(input.terms) || input.terms < 1 || input.terms > MAX_TREND_TERMS) {
    throw invalid('ReportTermsInvalid', `trends cover 1 to ${MAX_TREND_TERMS} terms`);
  }
  return db.transaction().execute(async (tx) => {
    const school = await readSchool(tx, input.schoolId);
    const trends = await computeGovernorsTrends(tx, {
      schoolId: input.schoolId,
      schoolName: school.name,
      to: input.to,
      terms: input.terms,
      producedAt: now,
    });
    const first = trends.terms[0];
    await auditReport(tx, actor, input.schoolId, now, {
      from: first ? first.from : input.to,
      to: input.to,
      format: 'trends',
    });
    return trends;
  });
}

export async function readSchool(tx: Db, schoolId: string) {
  const school = await tx
    .selectFrom('schools')
    .select(['name'])
    .where('id', '=', schoolId)
    .executeTakeFirst();
  if (!school) throw notFound('SchoolNotFound', 'that school is not on this Guardpost');
  return school;
}

/** The report's one audit row: produced (leaders) or viewed (governors), with the range and the format. */
export async function auditReport(
  tx: Db,
  actor: Actor,
  schoolId: string,
  now: Date,
  data: { from: string; to: string; format: 'json' | 'pdf' | 'trends' },
) {
  await recordAudit(tx, {
    actor,
    schoolId,
    at: now,
    event: {
      type: producesReport(actor) ? 'report.governors_produced' : 'report.governors_viewed',
      subject: { type: 'school', id: schoolId },
      data,
    },
  });
}

/** A range of real dates, forwards, of at most MAX_REPORT_DAYS days. */
export function checkRange(from: string, to: string): void {
  if (!isIsoDate(from) || !isIsoDate(to)) {
    throw invalid('ReportRangeInvalid', 'give the range as two dates, from and to, written like 2026-09-01');
  }
  const days = daysBetween(from, to);
  if (days < 0) throw invalid('ReportRangeInvalid', 'the range must end on or after the day it starts');
  if (days >= MAX_REPORT_DAYS) {
    throw invalid(
      'ReportRangeTooLong',
      `a report covers at most ${MAX_REPORT_DAYS} days; choose a shorter range`,
    );
  }
}

/** Governors, senior leaders and the safeguarding leads of this school (or the system) may open a report. */
export function checkReader(actor: Actor, schoolId: string): void {
  if (actor.kind === 'staff') {
    if (actor.schoolId !== schoolId || !actor.roles.some((r) => reportReaderRoles.includes(r))) {
      throw forbidden(
        'ReportNotAllowed',
        'the governors’ report is for governors, senior leaders and the safeguarding leads',
      );
    }
  }
}
