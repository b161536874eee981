import type { Actor } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import { conflict } from '../platform/errors.js';
import { type PostsDeps, parseInput, requireStaff } from './post-access.js';
import { recheckAndStore } from './post-checks.js';
import { approvalInputSchema } from './post-inputs.js';
import { loadAwaitingReview, recordDecision } from './post-review.js';
import { type PostView, toView } from './post-view.js';
import { insertApproval, updatePost } from './posts.repository.js';

/** A manager or SMT member other than the author approves, having seen the findings, with a reason. */
export async function approvePost(
  db: Db,
  actor: Actor,
  input: { schoolId: string; postId: string; reason: string },
  deps: PostsDeps,
): Promise<PostView> {
  requireStaff(actor, input.schoolId);
  const { reason } = parseInput(approvalInputSchema, { reason: input.reason });
  return db.transaction().execute(async (tx) => {
    const { post, people } = await loadAwaitingReview(tx, actor, input, 'approved');
    const checked = await recheckAndStore(tx, deps, post);
    if (checked.verdict === 'block')
      throw conflict('PostBlocked', 'the checks block this post: it cannot be approved until it is fixed');
    const now = deps.clock.now();
    await insertApproval(tx, {
      school_id: input.schoolId,
      post_id: post.id,
      revision: checked.revision,
      approver_staff_id: actor.staffId,
      verdict: checked.verdict,
      reason,
      at: now,
    });
    const saved = await updatePost(tx, post.id, { status: 'ready' });
    await recordDecision(tx, actor, saved, now, 'post.approved', 'Your post was approved');
    return toView(tx, actor, saved, people);
  });
}
