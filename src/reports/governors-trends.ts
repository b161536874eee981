import type { IsoDate } from '../platform/calendar/dates.js';
import type { Db } from '../platform/db/database.js';
import { termsEndingWith } from '../shared/school-terms.js';
import { computeGovernorsReport, type GovernorsReport, type ReportValue } from './governors-report.js';

/** The figures drawn as trends: one number each, suppressed as in the report itself. */
export const trendFigureKeys = [
  'ack.rate',
  'accounts.reapproval_due',
  'posts.checked',
  'posts.blocked',
  'posts.published',
  'takedowns.opened',
  'moderation.actioned',
  'moderation.median_action_hours',
  'staff_use.privacy_rate',
  'staff_use.self_audit_rate',
  'concerns.by_category',
  'concerns.median_ack_hours',
] as const;

export const MAX_TREND_TERMS = 6;

export interface GovernorsTrends {
  schoolName: string;
  terms: { name: string; from: IsoDate; to: IsoDate }[];
  series: {
    key: string;
    label: string;
    definition: string;
    points: { term: string; value: Exclude<ReportValue, { kind: 'text' }> }[];
  }[];
}

/**
 * Trends over the last terms: the report of each term, worked out as for that term alone (so each point is
 * the figure its own report gives, and the same terms always give the same points).
 */
export async function computeGovernorsTrends(
  db: Db,
  input: { schoolId: string; schoolName: string; to: IsoDate; terms: number; producedAt: Date },
): Promise<GovernorsTrends> {
  // The last term ends on the range's last day: a term still running is counted up to then, no further.
  const terms = termsEndingWith(input.to, Math.min(Math.max(input.terms, 1), MAX_TREND_TERMS)).map((t) =>
    t.to > input.to ? { ...t, to: input.to } : t,
  );
  const reports: GovernorsReport[] = [];
  for (const term of terms) {
    reports.push(
      await computeGovernorsReport(db, {
        schoolId: input.schoolId,
        schoolName: input.schoolName,
        from: term.from,
        to: term.to,
        producedBy: { name: '', role: '' },
        producedAt: input.producedAt,
      }),
    );
  }
  const series = trendFigureKeys.flatMap((key) => {
    const figures = reports.map((r) => r.sections.flatMap((s) => s.figures).find((f) => f.key === key));
    const first = figures[0];
    if (!first) return [];
    return [
      {
        key,
        label: first.label.replace(/, by .*$/, ''),
        definition: first.definition,
        points: figures.map((f, i) => ({
          term: (terms[i] as { name: string }).name,
          value:
            !f || f.value.kind === 'text' ? { kind: 'count' as const, value: null, band: null } : f.value,
        })),
      },
    ];
  });
  return {
    schoolName: input.schoolName,
    terms: terms.map((t) => ({ name: t.name, from: t.from, to: t.to })),
    series,
  };
}
