import type { IsoDate } from '../platform/calendar/dates.js';
import type { DbExecutor } from '../platform/db/database.js';
import { notFound } from '../platform/errors.js';
import { findCurrentVersion } from './policy.repository.js';
import { type ReviewStatus, reviewStatus } from './review.js';

export async function getReviewStatus(
  db: DbExecutor,
  schoolId: string,
  today: IsoDate,
): Promise<ReviewStatus> {
  const current = await findCurrentVersion(db, schoolId);
  if (!current)
    throw notFound('PolicyNotFound', 'this school has no current policy version; import one first');
  return reviewStatus({ nextReviewDue: current.next_review_due }, today);
}
