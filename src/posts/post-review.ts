import { notify } from '../notifications/notify.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';
import { conflict, forbidden } from '../platform/errors.js';
import { linkTo } from '../shared/links.js';
import { loadPostFor } from './post-access.js';
import { approvalRefusal } from './posts.permissions.js';
import type { PostRow } from './posts.table.js';

/** Audits an approver's decision inside its transaction and tells the post's author. */
export async function recordDecision(
  tx: DbExecutor,
  actor: Actor,
  saved: PostRow,
  now: Date,
  decision: 'post.approved' | 'post.sent_back',
  title: string,
): Promise<void> {
  await recordAudit(tx, {
    actor,
    schoolId: saved.school_id,
    at: now,
    event: {
      type: decision,
      subject: { type: 'post', id: saved.id },
      data: { revision: saved.revision, verdict: saved.verdict },
    },
  });
  await notify(tx, {
    schoolId: saved.school_id,
    staffIds: [saved.author_staff_id],
    kind: decision,
    title,
    link: linkTo('post', { id: saved.id }),
    now,
  });
}

/**
 * A post waiting for approval, loaded for someone who may decide on it: a manager or SMT member who is not
 * its author (clause 2.2). `decision` words the refusals ("approved" or "reviewed").
 */
export async function loadAwaitingReview(
  tx: DbExecutor,
  actor: Actor,
  input: { schoolId: string; postId: string },
  decision: 'approved' | 'reviewed',
) {
  const loaded = await loadPostFor(tx, actor, input.schoolId, input.postId, true);
  const refusal = approvalRefusal(actor, loaded.people);
  if (refusal === 'self_approval')
    throw forbidden(
      decision === 'approved' ? 'SelfApprovalRefused' : 'SelfReviewRefused',
      `clause 2.2: a post is ${decision} by someone other than its author`,
    );
  if (refusal)
    throw forbidden('PostApprovalForbidden', `posts are ${decision} by a manager or a member of the SMT`);
  if (loaded.post.status !== 'awaiting_approval')
    throw conflict('PostNotAwaitingApproval', 'this post is not waiting for approval');
  return loaded;
}
