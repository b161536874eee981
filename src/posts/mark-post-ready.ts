import { notify } from '../notifications/notify.js';
import { staffIdsWithRoles } from '../people/people.queries.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import { conflict } from '../platform/errors.js';
import { linkTo } from '../shared/links.js';
import {
  loadPostFor,
  needsApproval,
  type PostsDeps,
  requireAuthor,
  requirePostingAccount,
  requireStaff,
  requiresApproval,
} from './post-access.js';
import { recheckAndStore } from './post-checks.js';
import { type PostView, toView } from './post-view.js';
import { updatePost } from './posts.repository.js';

/**
 * The author marks a draft ready. The check runs again first (a consent may have lapsed since the save):
 * `block` is refused; `pass` on an account without approval for every post is ready; otherwise it waits
 * for a manager's or SMT member's approval.
 */
export async function markPostReady(
  db: Db,
  actor: Actor,
  input: { schoolId: string; postId: string },
  deps: PostsDeps,
): Promise<PostView> {
  requireStaff(actor, input.schoolId);
  return db.transaction().execute(async (tx) => {
    const { post, people } = await loadPostFor(tx, actor, input.schoolId, input.postId, true);
    requireAuthor(actor, people, post);
    if (post.status !== 'draft') throw conflict('PostNotDraft', 'only a draft can be marked ready');
    await requirePostingAccount(tx, actor, input.schoolId, post.account_id);
    const checked = await recheckAndStore(tx, deps, post);
    if (checked.verdict === 'block')
      throw conflict('PostBlocked', 'the checks block this post: fix the findings before it can go out');
    const status = needsApproval(checked.verdict, await requiresApproval(tx, post.account_id))
      ? ('awaiting_approval' as const)
      : ('ready' as const);
    const saved = await updatePost(tx, post.id, { status });
    const now = deps.clock.now();
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      at: now,
      event: {
        type: 'post.marked_ready',
        subject: { type: 'post', id: post.id },
        data: { revision: saved.revision, status, verdict: saved.verdict },
      },
    });
    if (status === 'awaiting_approval') {
      const approvers = (
        await staffIdsWithRoles(tx, input.schoolId, ['manager', 'smt', 'headteacher'])
      ).filter((id) => id !== post.author_staff_id);
      await notify(tx, {
        schoolId: input.schoolId,
        staffIds: approvers,
        kind: 'post.approval_requested',
        title: 'A post is waiting for approval',
        link: linkTo('post', { id: post.id }),
        now,
      });
    }
    return toView(tx, actor, saved, people);
  });
}
