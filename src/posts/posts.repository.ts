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
} from './posts.table.js';

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

/**
 * A photo still on a post that is approved or published, by its id alone (the public photo link carries
 * nothing else): a photo taken off the post, or on a post sent back to draft, is not served.
 */
export async function findServablePhoto(
  db: DbExecutor,
  photoId: string,
): Promise<Pick<PostPhotoRow, 'id' | 'content'> | undefined> {
  return db
    .selectFrom('post_photos')
    .innerJoin('posts', 'posts.id', 'post_photos.post_id')
    .select(['post_photos.id', 'post_photos.content'])
    .where('post_photos.id', '=', photoId)
    .where('post_photos.removed_at', 'is', null)
    .where('posts.status', 'in', ['ready', 'published'])
    .executeTakeFirst();
}
