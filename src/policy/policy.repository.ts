import type { DbExecutor } from '../platform/db/database.js';
import type {
  NewPolicyReviewRow,
  NewPolicyVersionRow,
  PolicyReviewRow,
  PolicyVersionRow,
} from './policy.table.js';

export async function findCurrentVersion(
  db: DbExecutor,
  schoolId: string,
): Promise<PolicyVersionRow | undefined> {
  return db
    .selectFrom('policy_versions')
    .selectAll()
    .where('school_id', '=', schoolId)
    .where('is_current', '=', true)
    .executeTakeFirst();
}

export async function listVersions(db: DbExecutor, schoolId: string): Promise<PolicyVersionRow[]> {
  return db
    .selectFrom('policy_versions')
    .selectAll()
    .where('school_id', '=', schoolId)
    .orderBy('effective_from', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
}

export async function findVersionByLabel(
  db: DbExecutor,
  schoolId: string,
  label: string,
): Promise<PolicyVersionRow | undefined> {
  return db
    .selectFrom('policy_versions')
    .selectAll()
    .where('school_id', '=', schoolId)
    .where('label', '=', label)
    .executeTakeFirst();
}

export async function listReviews(db: DbExecutor, versionIds: string[]): Promise<PolicyReviewRow[]> {
  if (versionIds.length === 0) return [];
  return db
    .selectFrom('policy_reviews')
    .selectAll()
    .where('policy_version_id', 'in', versionIds)
    .orderBy('reviewed_on', 'asc')
    .execute();
}

/** Makes no version of the school current; the caller inserts the new current one in the same transaction. */
export async function clearCurrentVersion(db: DbExecutor, schoolId: string): Promise<void> {
  await db
    .updateTable('policy_versions')
    .set({ is_current: false })
    .where('school_id', '=', schoolId)
    .where('is_current', '=', true)
    .execute();
}

export async function insertVersion(db: DbExecutor, row: NewPolicyVersionRow): Promise<PolicyVersionRow> {
  return db.insertInto('policy_versions').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function insertReviews(db: DbExecutor, rows: NewPolicyReviewRow[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('policy_reviews').values(rows).execute();
}

/** Moves the current version's next review date (after a review that keeps the text). */
export async function setNextReviewDue(
  db: DbExecutor,
  versionId: string,
  nextReviewDue: string,
): Promise<void> {
  await db
    .updateTable('policy_versions')
    .set({ next_review_due: nextReviewDue })
    .where('id', '=', versionId)
    .execute();
}
