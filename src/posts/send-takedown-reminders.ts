import { accountHandle, ownerIdsOf } from '../accounts/accounts.queries.js';
import { notify } from '../notifications/notify.js';
import { staffIdsWithRoles } from '../people/people.queries.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Db, DbExecutor } from '../platform/db/database.js';
import { linkTo } from '../shared/links.js';
import {
  messageFor,
  oneWorkingDayAfter,
  takedownEscalationRoles,
  takedownReminderStage,
} from './takedown-reminders.js';
import {
  claimReminder,
  listOpenTakedownsDueBy,
  lockReminderTask,
  type ReminderTask,
  remindersSent,
  setReminderRecipients,
} from './takedowns.repository.js';

const reminderActor: Actor = { kind: 'system', label: 'takedown-reminders' };

/** Open tasks due by the horizon that have not had the reminder of their stage yet. */
async function tasksNeedingReminder(db: DbExecutor, now: Date): Promise<ReminderTask[]> {
  const rows = await listOpenTakedownsDueBy(db, oneWorkingDayAfter(now));
  if (rows.length === 0) return [];
  const done = await remindersSent(
    db,
    rows.map((r) => r.id),
  );
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
      const task = await lockReminderTask(tx, candidate.id);
      if (!task) return null;
      const due = takedownReminderStage({ dueAt: task.due_at, removedAt: task.removed_at }, now);
      if (!due) return null;
      if (!(await claimReminder(tx, { taskId: task.id, stage: due, schoolId: task.school_id, at: now })))
        return null;
      const recipients =
        due === 'due_soon'
          ? ((await ownerIdsOf(tx, [task.account_id])).get(task.account_id) ?? [])
          : await staffIdsWithRoles(tx, task.school_id, takedownEscalationRoles);
      const handle = await accountHandle(tx, task.account_id);
      const message = messageFor(due, handle ?? 'a school account', task.due_at);
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
      await setReminderRecipients(tx, { taskId: task.id, stage: due, recipients: notified });
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
