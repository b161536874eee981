import sharp from 'sharp';
import { z } from 'zod';
import { recordAudit } from '../platform/audit/audit.js';
import { type Actor, hasRole } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import { createDataKey, loadDataKey } from '../platform/crypto/data-keys.js';
import { type Keyring, open, seal } from '../platform/crypto/envelope.js';
import type { Db, DbExecutor } from '../platform/db/database.js';
import { forbidden, notFound, unavailable } from '../platform/errors.js';
import { canManagePostSettings } from './posts.permissions.js';

/**
 * Photo originals (issue 7: "originals are not kept unless the school asks"). By default only the
 * re-encoded photo without metadata is stored. A school may ask, in its posting settings, to keep each
 * upload as it came; the original carries location and camera data, so it is sealed under its own data key
 * like a concern's evidence, and only SMT and the headteacher may download it, each download audited.
 */

/** Who may download a kept original: it may show where a child was and when. */
export const photoOriginalReaderRoles = ['smt', 'headteacher'] as const;

export const postSchoolSettingsSchema = z.object({ keepPhotoOriginals: z.boolean() }).strict();
export type PostSchoolSettingsInput = z.infer<typeof postSchoolSettingsSchema>;

export interface PostSchoolSettingsView {
  keepPhotoOriginals: boolean;
  updatedAt: string | null;
}

const originalContext = (photoId: string) => `post-photo-original:${photoId}`;

const mediaTypes: Record<string, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  tiff: 'image/tiff',
};

function requireSettingsManager(actor: Actor, schoolId: string): void {
  if (!canManagePostSettings(actor, schoolId))
    throw forbidden(
      'NotPostSettingsManager',
      'only SMT, the headteacher or an admin manage posting settings',
    );
}

async function readSettings(db: DbExecutor, schoolId: string) {
  return db
    .selectFrom('post_school_settings')
    .select(['keep_photo_originals', 'updated_at'])
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
}

function toSettingsView(row: { keep_photo_originals: boolean; updated_at: Date } | undefined) {
  return {
    keepPhotoOriginals: row?.keep_photo_originals ?? false,
    updatedAt: row ? row.updated_at.toISOString() : null,
  } satisfies PostSchoolSettingsView;
}

export async function getPostSchoolSettings(
  db: Db,
  actor: Actor,
  schoolId: string,
): Promise<PostSchoolSettingsView> {
  requireSettingsManager(actor, schoolId);
  return toSettingsView(await readSettings(db, schoolId));
}

/** Changes the school's posting settings; a change is audited with its previous value. */
export async function setPostSchoolSettings(
  db: Db,
  actor: Actor,
  input: { schoolId: string; body: PostSchoolSettingsInput },
  clock: Clock,
): Promise<PostSchoolSettingsView> {
  requireSettingsManager(actor, input.schoolId);
  const body = postSchoolSettingsSchema.parse(input.body);
  const staffId = actor.kind === 'staff' ? actor.staffId : null;
  return db.transaction().execute(async (tx) => {
    const before = await tx
      .selectFrom('post_school_settings')
      .select(['keep_photo_originals', 'updated_at'])
      .where('school_id', '=', input.schoolId)
      .forUpdate()
      .executeTakeFirst();
    const previous = before?.keep_photo_originals ?? false;
    if (before && previous === body.keepPhotoOriginals) return toSettingsView(before);
    const now = clock.now();
    const row = await tx
      .insertInto('post_school_settings')
      .values({
        school_id: input.schoolId,
        keep_photo_originals: body.keepPhotoOriginals,
        updated_at: now,
        updated_by_staff_id: staffId,
      })
      .onConflict((oc) =>
        oc.column('school_id').doUpdateSet({
          keep_photo_originals: body.keepPhotoOriginals,
          updated_at: now,
          updated_by_staff_id: staffId,
        }),
      )
      .returning(['keep_photo_originals', 'updated_at'])
      .executeTakeFirstOrThrow();
    if (previous !== body.keepPhotoOriginals)
      await recordAudit(tx, {
        actor,
        schoolId: input.schoolId,
        at: now,
        event: {
          type: 'post.school_settings_changed',
          subject: { type: 'school', id: input.schoolId },
          data: { keepPhotoOriginals: body.keepPhotoOriginals, previous },
        },
      });
    return toSettingsView(row);
  });
}

/**
 * Inside the upload's transaction: when the school keeps originals, seals each uploaded original under a
 * fresh data key, keyed by the stored photo it became. Does nothing when the setting is off.
 */
export async function keepPhotoOriginals(
  tx: DbExecutor,
  keyring: Keyring | undefined,
  input: { schoolId: string; now: Date; photos: readonly { photoId: string; original: Uint8Array }[] },
): Promise<number> {
  if (input.photos.length === 0) return 0;
  const settings = await readSettings(tx, input.schoolId);
  if (!settings?.keep_photo_originals) return 0;
  if (!keyring)
    throw unavailable(
      'PhotoOriginalsUnavailable',
      'photo originals cannot be kept: no master key is configured',
    );
  for (const photo of input.photos) {
    const original = Buffer.from(photo.original);
    const format = (await sharp(original).metadata()).format ?? '';
    const key = await createDataKey(tx, keyring, { schoolId: input.schoolId, now: input.now });
    await tx
      .insertInto('post_photo_originals')
      .values({
        photo_id: photo.photoId,
        school_id: input.schoolId,
        data_key_id: key.id,
        media_type: mediaTypes[format] ?? 'application/octet-stream',
        size_bytes: original.length,
        content: seal(key.key, original, originalContext(photo.photoId)),
        created_at: input.now,
      })
      .execute();
  }
  return input.photos.length;
}

/** Whether this person may download the kept originals of the school's post photos. */
export function canReadPhotoOriginals(actor: Actor, schoolId: string): boolean {
  return actor.kind === 'staff' && actor.schoolId === schoolId && hasRole(actor, ...photoOriginalReaderRoles);
}

/**
 * Which of a post's photos have a kept original, in one query; empty for anyone who may not download
 * originals, so the post view tells only them.
 */
export async function photosWithKeptOriginal(
  db: DbExecutor,
  actor: Actor,
  input: { schoolId: string; photoIds: readonly string[] },
): Promise<Set<string>> {
  if (input.photoIds.length === 0 || !canReadPhotoOriginals(actor, input.schoolId)) return new Set();
  const rows = await db
    .selectFrom('post_photo_originals')
    .select('photo_id')
    .where('school_id', '=', input.schoolId)
    .where('photo_id', 'in', [...input.photoIds])
    .execute();
  return new Set(rows.map((r) => r.photo_id));
}

/** SMT or the headteacher downloads a kept original; each download is audited. 404 when none was kept. */
export async function getPhotoOriginal(
  db: Db,
  keyring: Keyring,
  actor: Actor,
  input: { schoolId: string; postId: string; photoId: string },
  clock: Clock,
): Promise<{ bytes: Buffer; mediaType: string }> {
  if (!canReadPhotoOriginals(actor, input.schoolId))
    throw forbidden('NotPhotoOriginalReader', 'only SMT or the headteacher may download a photo original');
  const ids = z.object({ postId: z.uuid(), photoId: z.uuid() }).safeParse(input);
  const missing = () => notFound('PhotoOriginalNotFound', 'no original was kept for this photo');
  if (!ids.success) throw missing();
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('post_photo_originals as o')
      .innerJoin('post_photos as p', 'p.id', 'o.photo_id')
      .select(['o.photo_id', 'o.data_key_id', 'o.media_type', 'o.content', 'p.post_id'])
      .where('o.photo_id', '=', ids.data.photoId)
      .where('p.post_id', '=', ids.data.postId)
      .where('o.school_id', '=', input.schoolId)
      .where('p.school_id', '=', input.schoolId)
      .executeTakeFirst();
    if (!row) throw missing();
    const key = await loadDataKey(tx, keyring, row.data_key_id);
    const bytes = open(key, Buffer.from(row.content), originalContext(row.photo_id));
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      at: clock.now(),
      event: {
        type: 'post.photo_original_viewed',
        subject: { type: 'post', id: row.post_id },
        data: { photoId: row.photo_id },
      },
    });
    return { bytes, mediaType: row.media_type };
  });
}
