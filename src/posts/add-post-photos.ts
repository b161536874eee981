import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import { invalid } from '../platform/errors.js';
import { keepPhotoOriginals } from './photo-originals.js';
import { loadPostFor, type PostsDeps, requireAuthor, requireStaff } from './post-access.js';
import { recheckAndStore } from './post-checks.js';
import { type EncodedPhoto, encodePhoto } from './post-photos.js';
import { type PostView, toView } from './post-view.js';
import { insertPhoto, listPhotos } from './posts.repository.js';

/** Adds photos, re-encoded without metadata (the originals are not kept), and re-runs the check. */
export async function addPostPhotos(
  db: Db,
  actor: Actor,
  input: { schoolId: string; postId: string; images: readonly Uint8Array[] },
  deps: PostsDeps,
): Promise<PostView> {
  requireStaff(actor, input.schoolId);
  if (input.images.length === 0) throw invalid('PhotoMissing', 'send at least one photo');
  const encoded: EncodedPhoto[] = [];
  for (const [index, bytes] of input.images.entries()) encoded.push(await encodePhoto(bytes, index));
  return db.transaction().execute(async (tx) => {
    const { post, people } = await loadPostFor(tx, actor, input.schoolId, input.postId, true);
    requireAuthor(actor, people, post);
    const existing = await listPhotos(tx, post.id);
    if (existing.length + encoded.length > 10)
      throw invalid('TooManyPhotos', 'a post may carry at most 10 photos');
    const now = deps.clock.now();
    const ids: { id: string; sha256: string }[] = [];
    for (const photo of encoded) {
      const row = await insertPhoto(tx, {
        school_id: input.schoolId,
        post_id: post.id,
        sha256: photo.sha256,
        content: photo.content,
        thumbnail: photo.thumbnail,
        width: photo.width,
        height: photo.height,
        added_at: now,
      });
      ids.push({ id: row.id, sha256: photo.sha256 });
    }
    await keepPhotoOriginals(tx, deps.keyring, {
      schoolId: input.schoolId,
      now,
      photos: ids.map((p, i) => ({ photoId: p.id, original: input.images[i] ?? new Uint8Array() })),
    });
    const saved = await recheckAndStore(tx, deps, post, { revision: post.revision + 1 });
    for (const photo of ids) {
      await recordAudit(tx, {
        actor,
        schoolId: input.schoolId,
        at: now,
        event: {
          type: 'post.photo_added',
          subject: { type: 'post', id: post.id },
          data: { photoId: photo.id, sha256: photo.sha256, revision: saved.revision, verdict: saved.verdict },
        },
      });
    }
    return toView(tx, actor, saved, people);
  });
}
