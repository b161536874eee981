import { daysBetween, type IsoDate } from '../platform/calendar/dates.js';

export type ReviewState = 'ok' | 'due_soon' | 'overdue';

export interface ReviewStatus {
  status: ReviewState;
  nextReviewDue: IsoDate;
  /** Days left until the review is due; 0 on the due date, negative once overdue. */
  daysUntilDue: number;
  /** Days past the due date; 0 unless overdue. */
  daysOverdue: number;
}

/** A review counts as due soon this many days ahead, unless the school sets another window. */
export const DEFAULT_DUE_SOON_DAYS = 30;

/**
 * Where a policy version stands against its review date. The due date itself is still "due soon": a
 * review done that day is on time. From the next day on the policy is overdue.
 */
export function reviewStatus(
  version: { nextReviewDue: IsoDate },
  today: IsoDate,
  dueSoonDays: number = DEFAULT_DUE_SOON_DAYS,
): ReviewStatus {
  const daysUntilDue = daysBetween(today, version.nextReviewDue);
  const status: ReviewState = daysUntilDue < 0 ? 'overdue' : daysUntilDue <= dueSoonDays ? 'due_soon' : 'ok';
  return {
    status,
    nextReviewDue: version.nextReviewDue,
    daysUntilDue,
    daysOverdue: Math.max(0, -daysUntilDue),
  };
}
