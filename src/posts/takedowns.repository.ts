import type { Insertable } from 'kysely';
import type { DbExecutor } from '../platform/db/database.js';
import type { PostTakedownTaskRow, PostTakedownTaskTable } from './posts.table.js';
import type { TakedownReminderStage } from './takedown-reminders.table.js';

/** Queries on takedown tasks and the reminders sent about them. */

export async function insertTakedownTask(
  db: DbExecutor,
  row: Insertable<PostTakedownTaskTable>,
): Promise<PostTakedownTaskRow | undefined> {
  // Once per publication and lost consent, however many times the hook fires.
  return db
    .insertInto('post_takedown_tasks')
    .values(row)
    .onConflict((oc) => oc.columns(['archive_id', 'consent_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function listTakedownRows(
  db: DbExecutor,
  schoolId: string,
  filters: { open?: boolean | undefined; accountIds?: readonly string[] | undefined },
): Promise<PostTakedownTaskRow[]> {
  let query = db.selectFrom('post_takedown_tasks').selectAll().where('school_id', '=', schoolId);
  if (filters.open === true) query = query.where('removed_at', 'is', null);
  if (filters.open === false) query = query.where('removed_at', 'is not', null);
  if (filters.accountIds) {
    if (filters.accountIds.length === 0) return [];
    query = query.where('account_id', 'in', [...filters.accountIds]);
  }
  return query.orderBy('due_at').execute();
}

export async function findTakedown(
  db: DbExecutor,
  schoolId: string,
  id: string,
): Promise<PostTakedownTaskRow | undefined> {
  return db
    .selectFrom('post_takedown_tasks')
    .selectAll()
    .where('school_id', '=', schoolId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function markTakedownRemoved(
  db: DbExecutor,
  id: string,
  input: { staffId: string; at: Date; note: string | null },
): Promise<PostTakedownTaskRow> {
  return db
    .updateTable('post_takedown_tasks')
    .set({ removed_at: input.at, removed_by_staff_id: input.staffId, note: input.note })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A task as the reminders read it. */
export interface ReminderTask {
  id: string;
  school_id: string;
  archive_id: string;
  account_id: string;
  due_at: Date;
  removed_at: Date | null;
}

/** Open tasks due by the horizon, soonest first. */
export async function listOpenTakedownsDueBy(db: DbExecutor, horizon: Date): Promise<ReminderTask[]> {
  return db
    .selectFrom('post_takedown_tasks as t')
    .select(['t.id', 't.school_id', 't.archive_id', 't.account_id', 't.due_at', 't.removed_at'])
    .where('t.removed_at', 'is', null)
    .where('t.due_at', '<=', horizon)
    .orderBy('t.due_at')
    .execute();
}

/** `taskId:stage` of the reminders already sent for these tasks. */
export async function remindersSent(db: DbExecutor, taskIds: readonly string[]): Promise<Set<string>> {
  if (taskIds.length === 0) return new Set();
  const sent = await db
    .selectFrom('post_takedown_reminders')
    .select(['task_id', 'stage'])
    .where('task_id', 'in', [...taskIds])
    .execute();
  return new Set(sent.map((s) => `${s.task_id}:${s.stage}`));
}

/** The task locked for the rest of the transaction. */
export async function lockReminderTask(db: DbExecutor, id: string): Promise<ReminderTask | undefined> {
  return db
    .selectFrom('post_takedown_tasks')
    .select(['id', 'school_id', 'archive_id', 'account_id', 'due_at', 'removed_at'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** Claims the reminder of a stage for a task; false when it was sent already. */
export async function claimReminder(
  db: DbExecutor,
  input: { taskId: string; stage: TakedownReminderStage; schoolId: string; at: Date },
): Promise<boolean> {
  const claimed = await db
    .insertInto('post_takedown_reminders')
    .values({
      task_id: input.taskId,
      stage: input.stage,
      school_id: input.schoolId,
      sent_at: input.at,
      recipients: 0,
    })
    .onConflict((oc) => oc.columns(['task_id', 'stage']).doNothing())
    .returning('task_id')
    .executeTakeFirst();
  return claimed !== undefined;
}

export async function setReminderRecipients(
  db: DbExecutor,
  input: { taskId: string; stage: TakedownReminderStage; recipients: number },
): Promise<void> {
  await db
    .updateTable('post_takedown_reminders')
    .set({ recipients: input.recipients })
    .where('task_id', '=', input.taskId)
    .where('stage', '=', input.stage)
    .execute();
}
