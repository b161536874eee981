import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import { notFound } from '../platform/errors.js';
import { loadPostFor, type PostsDeps, requireAuthor, requireStaff, uuid } from './post-access.js';
import { recheckAndStore } from './post-checks.js';
import { type PostView, toView } from './post-view.js';
import { markPhotoRemoved } from './posts.repository.js';

/** Takes a photo off the draft (kept, marked removed: nothing is hard-deleted) and re-runs the check. */
export async function removePostPhoto(
  db: Db,
  actor: Actor,
  input: { schoolId: string; postId: string; photoId: string },
  deps: PostsDeps,
): Promise<PostView> {
  requireStaff(actor, input.schoolId);
  return db.transaction().execute(async (tx) => {
    const { post, people } = await loadPostFor(tx, actor, input.schoolId, input.postId, true);
    requireAuthor(actor, people, post);
    const now = deps.clock.now();
    const removed =
      uuid.safeParse(input.photoId).success && (await markPhotoRemoved(tx, post.id, input.photoId, now));
    if (!removed) throw notFound('PhotoNotFound', 'no such photo on this post');
    const saved = await recheckAndStore(tx, deps, post, { revision: post.revision + 1 });
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      at: now,
      event: {
        type: 'post.photo_removed',
        subject: { type: 'post', id: post.id },
        data: { photoId: input.photoId, revision: saved.revision, verdict: saved.verdict },
      },
    });
    return toView(tx, actor, saved, people);
  });
}
