import { addWorkingDaysInLondon } from '../platform/calendar/working-days.js';
import type { TakedownReminderStage } from './takedown-reminders.table.js';

/**
 * Takedown reminders (clause 2.4, after the retroactive re-check): a daily job tells an account's owners
 * when a takedown is due within one working day, and tells SMT and the headteacher once it is overdue.
 * Each person hears at most once per task and stage: the stage is recorded in `post_takedown_reminders`
 * in the same transaction as the notification, and a second run finds it there.
 */

/** Who is escalated to when a takedown is overdue. */
export const takedownEscalationRoles = ['smt', 'headteacher'] as const;

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
export function messageFor(stage: TakedownReminderStage, handle: string, dueAt: Date) {
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
