import type { IsoDate } from '../platform/calendar/dates.js';
import type { DbExecutor } from '../platform/db/database.js';
import { clauses } from './clauses.js';
import { listReviews, listVersions } from './policy.repository.js';
import { type PolicyOverview, toView } from './policy-views.js';
import { reviewStatus } from './review.js';

/** The clause registry, every policy version of a school with its reviews, and where the review stands. */
export async function getPolicyOverview(
  db: DbExecutor,
  schoolId: string,
  today: IsoDate,
): Promise<PolicyOverview> {
  const versions = await listVersions(db, schoolId);
  const reviews = await listReviews(
    db,
    versions.map((v) => v.id),
  );
  const views = versions.map((v) => toView(v, reviews));
  const currentRow = versions.find((v) => v.is_current);
  const current = currentRow
    ? { ...toView(currentRow, reviews), documentText: currentRow.document_text }
    : null;
  return {
    clauses,
    current,
    versions: views,
    review: current ? reviewStatus(current, today) : null,
  };
}
