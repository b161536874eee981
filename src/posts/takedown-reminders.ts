import { notify } from '../notifications/notify.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import { addWorkingDaysInLondon } from '../platform/calendar/working-days.js';
import type { Clock } from '../platform/clock.js';
import type { Db, DbExecutor } from '../platform/db/database.js';
import type { JobHandler, ScheduleDefinition } from '../platform/jobs/worker.js';
import { linkTo } from '../shared/links.js';
import { ownerIdsOf, staffWithRoles } from './posts.repository.js';
import type { TakedownReminderStage } from './takedown-reminders.table.js';

/**
 * Takedown reminders (clause 2.4, after the retroactive re-check): a daily job tells an account's owners
 * when a takedown is due within one working day, and tells SMT and the headteacher once it is overdue.
 * Each person hears at most once per task and stage: the stage is recorded in `post_takedown_reminders`
 * in the same transaction as the notification, and a second run finds it there.
 */

export const TAKEDOWN_REMINDER_QUEUE = 'posts.takedown_reminders';

/** Daily at 07:00 London time, before the school day starts. */
export const takedownSchedules: readonly ScheduleDefinition[] = [
  { name: 'posts.takedown_reminders', queue: TAKEDOWN_REMINDER_QUEUE, spec: '0 7 * * *' },
];

export const takedownJobHandlers: Record<string, JobHandler> = {
  [TAKEDOWN_REMINDER_QUEUE]: async ({ db, clock, logger }) => {
    const outcome = await sendTakedownReminders(db, clock);
    logger.info(outcome, 'takedown reminders sent');
  },
};

/** Who is escalated to when a takedown is overdue. */
export const takedownEscalationRoles = ['smt', 'headteacher'] as const;

const reminderActor: Actor = { kind: 'system', label: 'takedown-reminders' };

/**
 * The same time of day one working day later (weekends and the bank holidays of England and Wales
 * skipped, by the day in Europe/London). Pure.
 */
export function oneWorkingDayAfter(now: Date): Date {
  return addWorkingDaysInLondon(now, 1);
}

/**
 * Which reminder a task calls for now, if any. Pure. A task already overdue when first seen goes straight
 * to escalation: telling its owners "due soon" after the deadline would be wrong.
 */
export function takedownReminderStage(
  task: { dueAt: Date; removedAt: Date | null },
  now: Date,
): TakedownReminderStage | null {
  if (task.removedAt !== null) return null;
  if (task.dueAt.getTime() <= now.getTime()) return 'overdue';
  if (task.dueAt.getTime() <= oneWorkingDayAfter(now).getTime()) return 'due_soon';
  return null;
}

function londonTime(at: Date): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);
}

/** Words of each stage. No pupil's name and no post text: the takedowns page shows which post. */
function messageFor(stage: TakedownReminderStage, handle: string, dueAt: Date) {
  const when = londonTime(dueAt);
  if (stage === 'due_soon') {
    const title = `A takedown on ${handle} is due by ${when}`;
    const body =
      'A published post features a pupil whose photo consent no longer holds. Remove it from the platform, then mark it removed in Guardpost.';
    return { title, body, subject: title, text: `${body}\n\nOpen Guardpost and go to Takedowns.` };
  }
  const title = `Overdue takedown on ${handle} (was due ${when})`;
  const body =
    'A post featuring a pupil whose photo consent no longer holds is still marked as published after its deadline. Please make sure it is removed and marked removed.';
  return { title, body, subject: title, text: `${body}\n\nOpen Guardpost and go to Takedowns.` };
}

interface DueTask {
  id: string;
  school_id: string;
  archive_id: string;
  account_id: string;
  due_at: Date;
  removed_at: Date | null;
}

/** Open tasks due by the horizon that have not had the reminder of their stage yet. */
async function tasksNeedingReminder(db: DbExecutor, now: Date): Promise<DueTask[]> {
  const horizon = oneWorkingDayAfter(now);
  const rows = await db
    .selectFrom('post_takedown_tasks as t')
    .select(['t.id', 't.school_id', 't.archive_id', 't.account_id', 't.due_at', 't.removed_at'])
    .where('t.removed_at', 'is', null)
    .where('t.due_at', '<=', horizon)
    .orderBy('t.due_at')
    .execute();
  if (rows.length === 0) return [];
  const sent = await db
    .selectFrom('post_takedown_reminders')
    .select(['task_id', 'stage'])
    .where(
      'task_id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  const done = new Set(sent.map((s) => `${s.task_id}:${s.stage}`));
  return rows.filter((r) => {
    const stage = takedownReminderStage({ dueAt: r.due_at, removedAt: r.removed_at }, now);
    return stage !== null && !done.has(`${r.id}:${stage}`);
  });
}

/**
 * Sends the reminders and escalations due now. One transaction per task, so one failure does not hold back
 * the others; the recorded stage makes a rerun (or a second server process) send nothing twice.
 */
export async function sendTakedownReminders(
  db: Db,
  clock: Clock,
): Promise<{ dueSoon: number; overdue: number }> {
  const now = clock.now();
  const outcome = { dueSoon: 0, overdue: 0 };
  for (const candidate of await tasksNeedingReminder(db, now)) {
    const stage = await db.transaction().execute(async (tx) => {
      // Locked and read again: it may have been marked removed since the list was made.
      const task = await tx
        .selectFrom('post_takedown_tasks')
        .select(['id', 'school_id', 'archive_id', 'account_id', 'due_at', 'removed_at'])
        .where('id', '=', candidate.id)
        .forUpdate()
        .executeTakeFirst();
      if (!task) return null;
      const due = takedownReminderStage({ dueAt: task.due_at, removedAt: task.removed_at }, now);
      if (!due) return null;
      const claimed = await tx
        .insertInto('post_takedown_reminders')
        .values({ task_id: task.id, stage: due, school_id: task.school_id, sent_at: now, recipients: 0 })
        .onConflict((oc) => oc.columns(['task_id', 'stage']).doNothing())
        .returning('task_id')
        .executeTakeFirst();
      if (!claimed) return null;
      const recipients =
        due === 'due_soon'
          ? ((await ownerIdsOf(tx, [task.account_id])).get(task.account_id) ?? [])
          : await staffWithRoles(tx, task.school_id, takedownEscalationRoles);
      const account = await tx
        .selectFrom('accounts')
        .select('handle')
        .where('id', '=', task.account_id)
        .executeTakeFirst();
      const message = messageFor(due, account?.handle ?? 'a school account', task.due_at);
      const { notified } = await notify(tx, {
        schoolId: task.school_id,
        staffIds: recipients,
        kind: due === 'due_soon' ? 'post.takedown_due_soon' : 'post.takedown_overdue',
        title: message.title,
        body: message.body,
        link: linkTo('takedowns'),
        email: { subject: message.subject, text: message.text },
        now,
      });
      await tx
        .updateTable('post_takedown_reminders')
        .set({ recipients: notified })
        .where('task_id', '=', task.id)
        .where('stage', '=', due)
        .execute();
      await recordAudit(tx, {
        actor: reminderActor,
        schoolId: task.school_id,
        at: now,
        event: {
          type: 'post.takedown_reminder_sent',
          subject: { type: 'post_takedown_task', id: task.id },
          data: {
            stage: due,
            archiveId: task.archive_id,
            dueAt: task.due_at.toISOString(),
            recipients: notified,
          },
        },
      });
      return due;
    });
    if (stage === 'due_soon') outcome.dueSoon++;
    if (stage === 'overdue') outcome.overdue++;
  }
  return outcome;
}
