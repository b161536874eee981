import { ownerIdsOf } from '../accounts/accounts.queries.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import { requireStaff } from './post-access.js';
import { type PostView, toView } from './post-view.js';
import { approvalRefusal } from './posts.permissions.js';
import { listPostRows } from './posts.repository.js';

/** The actor's own posts, or (`queue`) the posts waiting for the actor's approval. */
export async function listPosts(
  db: Db,
  actor: Actor,
  schoolId: string,
  scope: 'mine' | 'approval_queue',
): Promise<PostView[]> {
  requireStaff(actor, schoolId);
  const rows =
    scope === 'mine'
      ? await listPostRows(db, schoolId, { authorId: actor.staffId })
      : await listPostRows(db, schoolId, { status: 'awaiting_approval' });
  const owners = await ownerIdsOf(
    db,
    rows.map((r) => r.account_id),
  );
  const views: PostView[] = [];
  for (const row of rows) {
    const people = { schoolId, authorId: row.author_staff_id, ownerIds: owners.get(row.account_id) ?? [] };
    if (scope === 'approval_queue' && approvalRefusal(actor, people) !== null) continue;
    views.push(await toView(db, actor, row, people));
  }
  return views;
}
