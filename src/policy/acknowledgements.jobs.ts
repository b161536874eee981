import type { JobHandler, ScheduleDefinition } from '../platform/jobs/worker.js';
import { sendAcknowledgementReminders } from './send-acknowledgement-reminders.js';

export const ACKNOWLEDGEMENT_REMINDERS_QUEUE = 'policy.acknowledgement_reminders';

/** Daily at 08:00 London time, as the school day starts. */
export const acknowledgementSchedules: readonly ScheduleDefinition[] = [
  { name: 'policy.acknowledgement_reminders', queue: ACKNOWLEDGEMENT_REMINDERS_QUEUE, spec: '0 8 * * *' },
];

export const acknowledgementJobHandlers: Record<string, JobHandler> = {
  [ACKNOWLEDGEMENT_REMINDERS_QUEUE]: async ({ db, clock }) => {
    await sendAcknowledgementReminders(db, clock.now());
  },
};
