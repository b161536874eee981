import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import { daysBetween, type IsoDate, isIsoDate } from '../platform/calendar/dates.js';
import type { Db } from '../platform/db/database.js';
import { forbidden, invalid, notFound } from '../platform/errors.js';
import { staffRoleLabels } from '../shared/concern-words.js';
import { computeGovernorsReport, type GovernorsReport } from './governors-report.js';
import { producesReport, reportReaderRoles } from './reports.permissions.js';

/** A report covers at most a little over a school year, so one request stays small. */
export const MAX_REPORT_DAYS = 400;

/**
 * Produces (SMT, headteacher, DSL, deputy) or opens (governor) the governors' report for a range, in one
 * transaction with its audit row: who asked, for which range and in which format, never a figure.
 */
export async function getGovernorsReport(
  db: Db,
  actor: Actor,
  input: { schoolId: string; from: IsoDate; to: IsoDate; format: 'json' | 'pdf' },
  now: Date,
): Promise<GovernorsReport> {
  if (!isIsoDate(input.from) || !isIsoDate(input.to)) {
    throw invalid('ReportRangeInvalid', 'give the range as two dates, from and to, written like 2026-09-01');
  }
  const days = daysBetween(input.from, input.to);
  if (days < 0) throw invalid('ReportRangeInvalid', 'the range must end on or after the day it starts');
  if (days >= MAX_REPORT_DAYS) {
    throw invalid(
      'ReportRangeTooLong',
      `a report covers at most ${MAX_REPORT_DAYS} days; choose a shorter range`,
    );
  }
  if (actor.kind === 'staff') {
    if (actor.schoolId !== input.schoolId || !actor.roles.some((r) => reportReaderRoles.includes(r))) {
      throw forbidden(
        'ReportNotAllowed',
        'the governors’ report is for governors, senior leaders and the safeguarding leads',
      );
    }
  }
  return db.transaction().execute(async (tx) => {
    const school = await tx
      .selectFrom('schools')
      .select(['name'])
      .where('id', '=', input.schoolId)
      .executeTakeFirst();
    if (!school) throw notFound('SchoolNotFound', 'that school is not on this Guardpost');
    const role = actor.kind === 'staff' ? reportReaderRoles.find((r) => actor.roles.includes(r)) : undefined;
    const report = await computeGovernorsReport(tx, {
      schoolId: input.schoolId,
      schoolName: school.name,
      from: input.from,
      to: input.to,
      producedBy:
        actor.kind === 'staff'
          ? { name: actor.name || actor.email, role: role ? staffRoleLabels[role] : 'Staff' }
          : { name: actor.label, role: 'System' },
      producedAt: now,
    });
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      at: now,
      event: {
        type: producesReport(actor) ? 'report.governors_produced' : 'report.governors_viewed',
        subject: { type: 'school', id: input.schoolId },
        data: { from: input.from, to: input.to, format: input.format },
      },
    });
    return report;
  });
}
