import type { Insertable, Updateable } from 'kysely';
import { sql } from 'kysely';
import type { DbExecutor } from '../platform/db/database.js';
import type {
  NewPostRow,
  PostAccountSettingsTable,
  PostApprovalRow,
  PostArchiveRow,
  PostArchiveTable,
  PostPhotoRow,
  PostReturnRow,
  PostRow,
  PostTable,
  PostTakedownTaskRow,
  PostTakedownTaskTable,
} from './posts.table.js';

// The account's status and owners are read from the register's tables directly: a post needs only those
// two facts, inside its own transaction, and the register's service takes a whole Db, not a transaction.

export async function findAccountForPosting(
  db: DbExecutor,
  schoolId: string,
  accountId: string,
): Promise<{ id: string; status: string; platform: string; handle: string | null } | undefined> {
  return db
    .selectFrom('accounts')
    .select(['id', 'status', 'platform', 'handle'])
    .where('school_id', '=', schoolId)
    .where('id', '=', accountId)
    .executeTakeFirst();
}

export async function ownerIdsOf(
  db: DbExecutor,
  accountIds: readonly string[],
): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (accountIds.length === 0) return result;
  const rows = await db
    .selectFrom('account_owners')
    .select(['account_id', 'staff_id'])
    .where('account_id', 'in', [...new Set(accountIds)])
    .execute();
  for (const r of rows) result.set(r.account_id, [...(result.get(r.account_id) ?? []), r.staff_id]);
  return result;
}

export async function findPupilIdsInSchool(
  db: DbExecutor,
  schoolId: string,
  pupilIds: readonly string[],
): Promise<Set<string>> {
  if (pupilIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('pupils')
    .select('id')
    .where('school_id', '=', schoolId)
    .where('id', 'in', [...new Set(pupilIds)])
    .execute();
  return new Set(rows.map((r) => r.id));
}

export async function staffNames(db: DbExecutor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('staff')
    .select(['id', 'given_name', 'family_name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, `${r.given_name} ${r.family_name}`]));
}

/** Active members of the school holding one of these roles. */
export async function staffWithRoles(
  db: DbExecutor,
  schoolId: string,
  wanted: readonly string[],
): Promise<string[]> {
  const rows = await db
    .selectFrom('staff_memberships')
    .select(['staff_id', 'roles'])
    .where('school_id', '=', schoolId)
    .where('status', '=', 'active')
    .execute();
  return rows.filter((r) => r.roles.some((role) => wanted.includes(role))).map((r) => r.staff_id);
}

export async function findPostSettings(db: DbExecutor, accountId: string) {
  return db
    .selectFrom('post_account_settings')
    .selectAll()
    .where('account_id', '=', accountId)
    .executeTakeFirst();
}

export async function upsertPostSettings(
  db: DbExecutor,
  row: Insertable<PostAccountSettingsTable>,
): Promise<void> {
  await db
    .insertInto('post_account_settings')
    .values(row)
    .onConflict((oc) =>
      oc.column('account_id').doUpdateSet({
        requires_approval: row.requires_approval,
        updated_by_staff_id: row.updated_by_staff_id ?? null,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

export async function insertPost(db: DbExecutor, row: NewPostRow): Promise<PostRow> {
  return db.insertInto('posts').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updatePost(
  db: DbExecutor,
  id: string,
  changes: Updateable<PostTable>,
): Promise<PostRow> {
  return db.updateTable('posts').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** A post of the school; locked for the rest of the transaction when `forUpdate`. */
export async function findPost(
  db: DbExecutor,
  schoolId: string,
  id: string,
  forUpdate = false,
): Promise<PostRow | undefined> {
  let query = db.selectFrom('posts').selectAll().where('school_id', '=', schoolId).where('id', '=', id);
  if (forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function listPostRows(
  db: DbExecutor,
  schoolId: string,
  filters: { authorId?: string; status?: PostRow['status'] },
): Promise<PostRow[]> {
  let query = db.selectFrom('posts').selectAll().where('school_id', '=', schoolId);
  if (filters.authorId) query = query.where('author_staff_id', '=', filters.authorId);
  if (filters.status) query = query.where('status', '=', filters.status);
  return query.orderBy('updated_at', 'desc').limit(200).execute();
}

export async function insertPhoto(
  db: DbExecutor,
  row: Omit<PostPhotoRow, 'id' | 'removed_at'>,
): Promise<{ id: string }> {
  return db.insertInto('post_photos').values(row).returning('id').executeTakeFirstOrThrow();
}

/** The post's current photos (not removed), oldest first: the order they are checked and archived in. */
export async function listPhotos(db: DbExecutor, postId: string): Promise<PostPhotoRow[]> {
  return db
    .selectFrom('post_photos')
    .selectAll()
    .where('post_id', '=', postId)
    .where('removed_at', 'is', null)
    .orderBy('added_at')
    .orderBy('id')
    .execute();
}

export async function markPhotoRemoved(
  db: DbExecutor,
  postId: string,
  photoId: string,
  at: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('post_photos')
    .set({ removed_at: at })
    .where('post_id', '=', postId)
    .where('id', '=', photoId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertApproval(db: DbExecutor, row: Omit<PostApprovalRow, 'id'>): Promise<void> {
  await db.insertInto('post_approvals').values(row).execute();
}

export async function listApprovals(
  db: DbExecutor,
  postId: string,
  revision?: number,
): Promise<PostApprovalRow[]> {
  let query = db.selectFrom('post_approvals').selectAll().where('post_id', '=', postId);
  if (revision !== undefined) query = query.where('revision', '=', revision);
  return query.orderBy('at').execute();
}

/** A tagged pupil as the roster names them. */
export interface TaggedPupil {
  id: string;
  givenName: string;
  familyName: string;
  preferredName: string | null;
  yearGroup: number | null;
  status: 'current' | 'left';
}

export async function findTaggedPupils(
  db: DbExecutor,
  schoolId: string,
  pupilIds: readonly string[],
): Promise<Map<string, TaggedPupil>> {
  if (pupilIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('pupils')
    .select(['id', 'given_name', 'family_name', 'preferred_name', 'year_group', 'status'])
    .where('school_id', '=', schoolId)
    .where('id', 'in', [...new Set(pupilIds)])
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        givenName: r.given_name,
        familyName: r.family_name,
        preferredName: r.preferred_name,
        yearGroup: r.year_group,
        status: r.status,
      },
    ]),
  );
}

export async function insertReturn(db: DbExecutor, row: Omit<PostReturnRow, 'id'>): Promise<void> {
  await db.insertInto('post_returns').values(row).execute();
}

export async function listReturns(db: DbExecutor, postId: string): Promise<PostReturnRow[]> {
  return db.selectFrom('post_returns').selectAll().where('post_id', '=', postId).orderBy('at').execute();
}

export async function insertArchive(
  db: DbExecutor,
  row: Insertable<PostArchiveTable>,
): Promise<PostArchiveRow> {
  return db.insertInto('post_archive').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findArchive(
  db: DbExecutor,
  schoolId: string,
  id: string,
): Promise<PostArchiveRow | undefined> {
  return db
    .selectFrom('post_archive')
    .selectAll()
    .where('school_id', '=', schoolId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The archive record written when this post was published (at most one: a published post never changes). */
export async function findArchiveOfPost(
  db: DbExecutor,
  postId: string,
): Promise<Pick<PostArchiveRow, 'id' | 'published_at' | 'published_url'> | undefined> {
  return db
    .selectFrom('post_archive')
    .select(['id', 'published_at', 'published_url'])
    .where('post_id', '=', postId)
    .executeTakeFirst();
}

export interface ArchiveFilters {
  accountId?: string | undefined;
  pupilId?: string | undefined;
  rule?: string | undefined;
  /** Inclusive ISO dates (UTC day boundaries). */
  from?: string | undefined;
  to?: string | undefined;
}

export async function searchArchiveRows(
  db: DbExecutor,
  schoolId: string,
  filters: ArchiveFilters,
): Promise<PostArchiveRow[]> {
  let query = db.selectFrom('post_archive').selectAll().where('school_id', '=', schoolId);
  if (filters.accountId) query = query.where('account_id', '=', filters.accountId);
  if (filters.pupilId)
    query = query.where(sql<boolean>`tagged_pupil_ids @> ${JSON.stringify([filters.pupilId])}::jsonb`);
  if (filters.rule) query = query.where(sql<boolean>`rule_ids @> ${JSON.stringify([filters.rule])}::jsonb`);
  if (filters.from) query = query.where('published_at', '>=', new Date(`${filters.from}T00:00:00Z`));
  if (filters.to)
    query = query.where('published_at', '<', new Date(Date.parse(`${filters.to}T00:00:00Z`) + 86_400_000));
  return query.orderBy('published_at', 'desc').limit(500).execute();
}

export async function insertTakedownTask(
  db: DbExecutor,
  row: Insertable<PostTakedownTaskTable>,
): Promise<PostTakedownTaskRow | undefined> {
  // Once per publication and lost consent, however many times the hook fires.
  return db
    .insertInto('post_takedown_tasks')
    .values(row)
    .onConflict((oc) => oc.columns(['archive_id', 'consent_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function listTakedownRows(
  db: DbExecutor,
  schoolId: string,
  filters: { open?: boolean | undefined; accountIds?: readonly string[] | undefined },
): Promise<PostTakedownTaskRow[]> {
  let query = db.selectFrom('post_takedown_tasks').selectAll().where('school_id', '=', schoolId);
  if (filters.open === true) query = query.where('removed_at', 'is', null);
  if (filters.open === false) query = query.where('removed_at', 'is not', null);
  if (filters.accountIds) {
    if (filters.accountIds.length === 0) return [];
    query = query.where('account_id', 'in', [...filters.accountIds]);
  }
  return query.orderBy('due_at').execute();
}

export async function findTakedown(
  db: DbExecutor,
  schoolId: string,
  id: string,
): Promise<PostTakedownTaskRow | undefined> {
  return db
    .selectFrom('post_takedown_tasks')
    .selectAll()
    .where('school_id', '=', schoolId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function markTakedownRemoved(
  db: DbExecutor,
  id: string,
  input: { staffId: string; at: Date; note: string | null },
): Promise<PostTakedownTaskRow> {
  return db
    .updateTable('post_takedown_tasks')
    .set({ removed_at: input.at, removed_by_staff_id: input.staffId, note: input.note })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Publications featuring the pupil (tagged when published). */
export async function archivesFeaturingPupil(
  db: DbExecutor,
  schoolId: string,
  pupilId: string,
): Promise<PostArchiveRow[]> {
  return db
    .selectFrom('post_archive')
    .selectAll()
    .where('school_id', '=', schoolId)
    .where(sql<boolean>`tagged_pupil_ids @> ${JSON.stringify([pupilId])}::jsonb`)
    .execute();
}

export async function accountIdsOwnedBy(db: DbExecutor, staffId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('account_owners')
    .select('account_id')
    .where('staff_id', '=', staffId)
    .execute();
  return rows.map((r) => r.account_id);
}
