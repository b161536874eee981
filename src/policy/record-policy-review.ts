import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import { addMonths, type IsoDate, isIsoDate } from '../platform/calendar/dates.js';
import type { Db } from '../platform/db/database.js';
import { invalid, notFound } from '../platform/errors.js';
import { findCurrentVersion, insertReviews, setNextReviewDue } from './policy.repository.js';
import { requirePublisher } from './policy-publishing.js';

/**
 * Records that the current version was reviewed and still stands, and when it is next due (a year on
 * unless given). The review and its audit event are one transaction.
 */
export async function recordPolicyReview(
  db: Db,
  actor: Actor,
  input: {
    schoolId: string;
    reviewedOn: IsoDate;
    nextReviewDue?: IsoDate | undefined;
    note?: string | undefined;
  },
  today: IsoDate,
  now: Date,
): Promise<{ reviewedOn: IsoDate; nextReviewDue: IsoDate }> {
  requirePublisher(actor, input.schoolId);
  if (!isIsoDate(input.reviewedOn) || input.reviewedOn > today)
    throw invalid('InvalidDate', 'the review date must be a date (YYYY-MM-DD), today or earlier');
  const nextReviewDue = input.nextReviewDue ?? addMonths(input.reviewedOn, 12);
  if (!isIsoDate(nextReviewDue) || nextReviewDue <= today)
    throw invalid('InvalidDate', 'the next review date must be a date after today');
  const note = input.note?.trim() || null;
  if (note && note.length > 500) throw invalid('InvalidNote', 'a review note has at most 500 characters');
  return db.transaction().execute(async (tx) => {
    const current = await findCurrentVersion(tx, input.schoolId);
    if (!current) throw notFound('PolicyNotFound', 'the school has no policy to review yet');
    await insertReviews(tx, [
      {
        school_id: input.schoolId,
        policy_version_id: current.id,
        kind: 'reviewed',
        reviewed_on: input.reviewedOn,
        note,
      },
    ]);
    await setNextReviewDue(tx, current.id, nextReviewDue);
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      at: now,
      event: {
        type: 'policy.review_recorded',
        subject: { type: 'policy_version', id: current.id },
        data: { reviewedOn: input.reviewedOn, nextReviewDue },
      },
    });
    return { reviewedOn: input.reviewedOn, nextReviewDue };
  });
}
