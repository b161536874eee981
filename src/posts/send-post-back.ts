import type { Actor } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import { type PostsDeps, parseInput, requireStaff } from './post-access.js';
import { approvalInputSchema } from './post-inputs.js';
import { loadAwaitingReview, recordDecision } from './post-review.js';
import { type PostView, toView } from './post-view.js';
import { insertReturn, updatePost } from './posts.repository.js';

/**
 * A manager or SMT member other than the author sends a post waiting for approval back to its author as a
 * draft, with a reason the author sees (and is notified of). The reason is kept beside the post, not in
 * the audit log, which records only that it happened.
 */
export async function sendPostBack(
  db: Db,
  actor: Actor,
  input: { schoolId: string; postId: string; reason: string },
  deps: PostsDeps,
): Promise<PostView> {
  requireStaff(actor, input.schoolId);
  const { reason } = parseInput(approvalInputSchema, { reason: input.reason });
  return db.transaction().execute(async (tx) => {
    const { post, people } = await loadAwaitingReview(tx, actor, input, 'reviewed');
    const now = deps.clock.now();
    await insertReturn(tx, {
      school_id: input.schoolId,
      post_id: post.id,
      revision: post.revision,
      returned_by_staff_id: actor.staffId,
      reason,
      at: now,
    });
    const saved = await updatePost(tx, post.id, { status: 'draft', updated_at: now });
    await recordDecision(tx, actor, saved, now, 'post.sent_back', 'Your post was sent back for changes');
    return toView(tx, actor, saved, people);
  });
}
