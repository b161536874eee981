import type { JobHandler, ScheduleDefinition } from '../platform/jobs/worker.js';
import { runContactExceptionExpiry } from './expire-contact-exceptions.js';
import { openMissingHandovers } from './open-staff-handover.js';
import { sendStaffUseReminders } from './send-staff-use-reminders.js';

export const CONTACT_EXPIRY_QUEUE = 'staff_use.contact_expiry';
export const STAFF_USE_REMINDERS_QUEUE = 'staff_use.reminders';

/** Contact exceptions expire and remind at 06:30; attestation and newcomer reminders go at 08:15. */
export const staffUseSchedules: readonly ScheduleDefinition[] = [
  { name: 'staff_use.contact_expiry', queue: CONTACT_EXPIRY_QUEUE, spec: '30 6 * * *' },
  { name: 'staff_use.reminders', queue: STAFF_USE_REMINDERS_QUEUE, spec: '15 8 * * *' },
];

export const staffUseJobHandlers: Record<string, JobHandler> = {
  [CONTACT_EXPIRY_QUEUE]: async ({ db, clock, logger }) => {
    const outcome = await runContactExceptionExpiry(db, clock.now(), clock.today());
    logger.info(outcome, 'contact exceptions reviewed');
    const handovers = await openMissingHandovers(db, clock.now());
    logger.info({ handovers }, 'leavers without a handover given one');
  },
  [STAFF_USE_REMINDERS_QUEUE]: async ({ db, clock, logger }) => {
    const outcome = await sendStaffUseReminders(db, clock.now(), clock.today());
    logger.info(outcome, 'staff personal-use reminders sent');
  },
};
