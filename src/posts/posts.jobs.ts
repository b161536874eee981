import type { JobHandler, ScheduleDefinition } from '../platform/jobs/worker.js';
import { sendTakedownReminders } from './send-takedown-reminders.js';

export const TAKEDOWN_REMINDER_QUEUE = 'posts.takedown_reminders';

/** Daily at 07:00 London time, before the school day starts. */
export const takedownSchedules: readonly ScheduleDefinition[] = [
  { name: 'posts.takedown_reminders', queue: TAKEDOWN_REMINDER_QUEUE, spec: '0 7 * * *' },
];

/** Job handlers of the posts domain, for the worker. */
export const takedownJobHandlers: Record<string, JobHandler> = {
  [TAKEDOWN_REMINDER_QUEUE]: async ({ db, clock, logger }) => {
    const outcome = await sendTakedownReminders(db, clock);
    logger.info(outcome, 'takedown reminders sent');
  },
};
