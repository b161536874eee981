import type { TakedownReminderStage } from './takedown-reminders.table.js';

/**
 * Audit events of the takedown reminders (merged into the platform's AuditEvent union). Ids, the stage and
 * the deadline only: never a pupil's name.
 */
export type TakedownAuditEvent = {
  type: 'post.takedown_reminder_sent';
  subject: { type: 'post_takedown_task'; id: string };
  data: { stage: TakedownReminderStage; archiveId: string; dueAt: string; recipients: number };
};
