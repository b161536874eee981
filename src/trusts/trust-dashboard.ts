import type { Role } from '../platform/auth/roles.js';
import type { ReportValue } from '../reports/report-figures.js';
import type { SchoolHeadlineKey } from '../reports/schools-figures.js';
import { appRoutes } from '../shared/links.js';

/** The school pages the dashboard links to: pages of the school the viewer is working in, with no id. */
export type TrustFigurePage =
  | 'policy'
  | 'accountsRegister'
  | 'governorsReport'
  | 'moderation'
  | 'safeguarding';

/**
 * The trust dashboard's columns: what each figure is, whether it is a safeguarding figure (small numbers
 * banded, shown only to the trust roles that see safeguarding figures), and the school page that holds the
 * detail with the school roles that open it. Pure data.
 */
export interface TrustFigureDefinition {
  key: TrustFigureKey;
  label: string;
  definition: string;
  safeguarding: boolean;
  page: TrustFigurePage;
  /** The roles in that school whose holders may open its page: the link is offered to them only. */
  openedBy: readonly Role[];
}

export type TrustFigureKey =
  | 'policy_review'
  | 'acknowledgement_rate'
  | 'reapprovals_due'
  | 'blocked_per_100'
  | 'moderation_minutes'
  | 'concerns_acknowledged_late';

const leadership: readonly Role[] = ['smt', 'headteacher', 'admin'];
const everyStaffRole: readonly Role[] = [
  'staff',
  'manager',
  'smt',
  'dsl',
  'deputy_dsl',
  'headteacher',
  'admin',
];

export const trustFigures: readonly TrustFigureDefinition[] = [
  {
    key: 'policy_review',
    label: 'Policy review',
    definition:
      'Whether the policy version in force on the last day was past its review date, due within 30 days, or in date.',
    safeguarding: false,
    page: 'policy',
    openedBy: everyStaffRole,
  },
  {
    key: 'acknowledgement_rate',
    label: 'Acknowledged',
    definition:
      'The share of active staff who had acknowledged the exact text of the version in force by the last day.',
    safeguarding: false,
    page: 'policy',
    openedBy: everyStaffRole,
  },
  {
    key: 'reapprovals_due',
    label: 'Accounts needing re-approval',
    definition:
      'Approved school accounts whose approval runs out within 30 days after the last day, or already had.',
    safeguarding: false,
    page: 'accountsRegister',
    openedBy: ['manager', ...leadership],
  },
  {
    key: 'blocked_per_100',
    label: 'Blocked posts per 100',
    definition: 'Of every 100 posts drafted in the range, how many the check blocked under a policy clause.',
    safeguarding: false,
    page: 'governorsReport',
    openedBy: ['smt', 'headteacher', 'dsl', 'deputy_dsl', 'governor'],
  },
  {
    key: 'moderation_minutes',
    label: 'Moderation: median minutes to action',
    definition:
      'The median time from a comment arriving on a school account to the first action taken on it, in the range.',
    safeguarding: false,
    page: 'moderation',
    openedBy: ['manager', 'smt', 'headteacher', 'dsl', 'deputy_dsl'],
  },
  {
    key: 'concerns_acknowledged_late',
    label: 'Concerns acknowledged late',
    definition:
      'Safeguarding concerns reported in the range that were acknowledged after the school’s deadline, or not by it. A count only; 1 to 4 is shown as “fewer than 5”.',
    safeguarding: true,
    page: 'safeguarding',
    openedBy: ['dsl', 'deputy_dsl', 'headteacher'],
  },
];

export interface TrustCell {
  key: TrustFigureKey;
  /** What the table shows: "87%", "fewer than 5", "Review overdue", "not shown to your role". */
  display: string;
  value: number | null;
  band: 'fewer_than_5' | null;
  /** Withheld from this trust role (a safeguarding figure for a role that does not see them). */
  withheld: boolean;
  /** The school's own page for this figure, for a viewer whose roles in that school open it; else null. */
  link: string | null;
}

export const SMALL_NUMBER_LIMIT = 5;

/** A safeguarding count as a trust role sees it: 0 and 5 or more as they are, 1 to 4 as a band. */
export function bandedCount(n: number): {
  display: string;
  value: number | null;
  band: 'fewer_than_5' | null;
} {
  return n > 0 && n < SMALL_NUMBER_LIMIT
    ? { display: 'fewer than 5', value: null, band: 'fewer_than_5' }
    : { display: String(n), value: n, band: null };
}

/** The figure's link for a viewer holding these roles in the school, or null. */
export function linkFor(figure: TrustFigureDefinition, rolesInSchool: readonly Role[]): string | null {
  if (!figure.openedBy.some((r) => rolesInSchool.includes(r))) return null;
  return appRoutes[figure.page];
}

type CellValue = Pick<TrustCell, 'display' | 'value' | 'band'>;

/** What a school's row is made from: its report's headline figures, its moderation and its late concerns. */
export interface SchoolFigureSources {
  report: Record<SchoolHeadlineKey, ReportValue>;
  /** The median minutes to action of its moderation figures (null when no comment was actioned). */
  moderationMedianMinutes: number | null;
  lateAcknowledgements: number;
}

/** A school's row of the dashboard from its sources. Pure: the batched and one-school paths share it. */
export function schoolCells(sources: SchoolFigureSources): Record<TrustFigureKey, CellValue> {
  const { report } = sources;
  const review = cellOf(report['policy.review_status'], '');
  const checked = report['posts.checked'];
  const blocked = report['posts.blocked'];
  let blockedPer100: CellValue = { display: 'no posts', value: null, band: null };
  if (checked.kind === 'count' && blocked.kind === 'count') {
    if (checked.band || blocked.band) {
      blockedPer100 = { display: 'fewer than 5 posts', value: null, band: 'fewer_than_5' };
    } else if (checked.value) {
      const rate = Math.round((1000 * (blocked.value ?? 0)) / checked.value) / 10;
      blockedPer100 = { display: String(rate), value: rate, band: null };
    }
  }
  const minutes = sources.moderationMedianMinutes;
  return {
    // "In date (version 2026-09-01, next review due …)": the table shows the status, the detail is on its page.
    policy_review: { ...review, display: review.display.replace(/ \(.*\)$/, '') },
    acknowledgement_rate: cellOf(report['ack.rate'], '%'),
    reapprovals_due: cellOf(report['accounts.reapproval_due'], ''),
    blocked_per_100: blockedPer100,
    moderation_minutes:
      minutes === null
        ? { display: 'no comments actioned', value: null, band: null }
        : { display: String(minutes), value: minutes, band: null },
    concerns_acknowledged_late: bandedCount(sources.lateAcknowledgements),
  };
}

/** A report figure as a cell: its number, or its band, or its text. */
function cellOf(value: ReportValue | undefined, unit: '' | '%'): CellValue {
  if (!value) return { display: 'not recorded', value: null, band: null };
  if (value.kind === 'text') return { display: value.text, value: null, band: null };
  if (value.band === 'fewer_than_5') return { display: 'fewer than 5', value: null, band: 'fewer_than_5' };
  if (value.value === null) return { display: 'none yet', value: null, band: null };
  return { display: `${value.value}${unit}`, value: value.value, band: null };
}
