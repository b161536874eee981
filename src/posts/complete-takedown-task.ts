import { ownerIdsOf } from '../accounts/accounts.queries.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db/database.js';
import { conflict, notFound } from '../platform/errors.js';
import { requireStaff, uuid } from './post-access.js';
import { canHandleTakedown } from './posts.permissions.js';
import { findTakedown, markTakedownRemoved } from './takedowns.repository.js';

/** Marks a takedown task done: the post was removed from the platform, by whom and when. */
export async function completeTakedownTask(
  db: Db,
  actor: Actor,
  input: { schoolId: string; taskId: string; note?: string | undefined },
  clock: Clock,
): Promise<{ id: string; removedAt: string }> {
  requireStaff(actor, input.schoolId);
  return db.transaction().execute(async (tx) => {
    const task = uuid.safeParse(input.taskId).success
      ? await findTakedown(tx, input.schoolId, input.taskId)
      : undefined;
    const owners = task ? ((await ownerIdsOf(tx, [task.account_id])).get(task.account_id) ?? []) : [];
    if (!task || !canHandleTakedown(actor, { schoolId: input.schoolId, ownerIds: owners }))
      throw notFound('TakedownNotFound', 'no such takedown task');
    if (task.removed_at) throw conflict('TakedownAlreadyDone', 'this post was already marked removed');
    const now = clock.now();
    const done = await markTakedownRemoved(tx, task.id, {
      staffId: actor.staffId,
      at: now,
      note: input.note ?? null,
    });
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      at: now,
      event: {
        type: 'post.takedown_removed',
        subject: { type: 'post_takedown_task', id: task.id },
        data: { archiveId: task.archive_id },
      },
    });
    return { id: done.id, removedAt: now.toISOString() };
  });
}
