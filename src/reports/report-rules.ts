import { type Role, readerOnlyRoles } from '../platform/auth/roles.js';
import { daysBetween, formatUkDate, type IsoDate } from '../platform/calendar/dates.js';
import { reviewStatus } from '../policy/review.js';
import { measure, type ReportValue } from './report-figures.js';

/**
 * The rules behind the report's headline figures, as pure functions of the rows read: the governors' report
 * (one school) and the trust's comparison of its schools (many schools in one query per figure) both use
 * them, so the two give the same figures.
 */

export const REAPPROVAL_AHEAD_DAYS = 30;

const statusWords = { ok: 'In date', due_soon: 'Review due soon', overdue: 'Review overdue' } as const;

/** The review status of the version in force on the last day, with its label and next review date. */
export function reviewStatusText(
  current: { label: string; next_review_due: IsoDate } | undefined,
  to: IsoDate,
): ReportValue {
  if (!current) return { kind: 'text', text: 'No policy recorded' };
  const status = reviewStatus({ nextReviewDue: current.next_review_due }, to);
  return {
    kind: 'text',
    text: `${statusWords[status.status]} (version ${current.label}, next review due ${formatUkDate(current.next_review_due)})`,
  };
}

export interface MembershipFacts {
  staff_id: string;
  roles: Role[];
  status: string;
  updated_at: Date;
}

/** Staff (not governors) on the roll at `end`: a leaver counts while their record was unchanged by then. */
export function staffOnRollAt<M extends MembershipFacts>(memberships: readonly M[], end: Date): M[] {
  return memberships.filter(
    (m) =>
      (m.status === 'active' || m.updated_at >= end) && m.roles.some((r) => !readerOnlyRoles.includes(r)),
  );
}

/** The share of `members` in `done`, withheld when it is over 1 to 4 people. */
export function shareOfStaff(
  members: readonly { staff_id: string }[],
  done: ReadonlySet<string>,
): ReportValue {
  const n = members.filter((m) => done.has(m.staff_id)).length;
  return measure('percent', members.length ? (100 * n) / members.length : null, members.length);
}

/** Each account's status at the end of the range: its last recorded change by then (draft before any). */
export function accountStatusesAtEnd(
  accounts: readonly { id: string }[],
  transitions: readonly { account_id: string; to_status: string }[],
): Map<string, string> {
  const statusAt = new Map<string, string>(accounts.map((a) => [a.id, 'draft']));
  for (const t of transitions) statusAt.set(t.account_id, t.to_status);
  return statusAt;
}

/** Approved accounts whose approval runs out within REAPPROVAL_AHEAD_DAYS after `to`, or already had. */
export function accountsDueReapproval<A extends { id: string; approval_expires_on: unknown }>(
  accounts: readonly A[],
  statusAt: ReadonlyMap<string, string>,
  to: IsoDate,
): A[] {
  return accounts.filter((a) => {
    if (statusAt.get(a.id) !== 'approved') return false;
    const expires = a.approval_expires_on === null ? null : String(a.approval_expires_on).slice(0, 10);
    return expires !== null && daysBetween(to, expires) <= REAPPROVAL_AHEAD_DAYS;
  });
}
