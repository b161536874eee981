import { GENERIC_EMAIL, notify } from '../notifications/notify.js';
import type { DbExecutor } from '../platform/db/database.js';
import { enqueueEmail } from '../platform/notify/email.js';
import { linkTo } from '../shared/links.js';
import { defaultAcknowledgementSettings } from './concern-deadlines.js';
import type { Recipient } from './concern-routing.js';
import { findConcernSettings, insertConcernAlerts } from './concerns.repository.js';

/** The job queue that escalates an unacknowledged concern to the next level of its chain. */
export const CONCERN_ESCALATE_QUEUE = 'concerns.escalate';

/** The school's acknowledgement times and the chair of governors' contact, defaults filled in. */
export async function alertSettingsOf(db: DbExecutor, schoolId: string) {
  const settings = await findConcernSettings(db, schoolId);
  return {
    urgentAckMinutes: settings?.urgent_ack_minutes ?? defaultAcknowledgementSettings.urgentAckMinutes,
    routineAckWorkingDays:
      settings?.routine_ack_working_days ?? defaultAcknowledgementSettings.routineAckWorkingDays,
    chairOfGovernors:
      settings?.chair_of_governors_email != null
        ? {
            label: settings.chair_of_governors_name ?? 'Chair of governors',
            email: settings.chair_of_governors_email,
          }
        : null,
  };
}

/**
 * An urgent alert must not read like a routine one in a list of notifications; an escalated one says why it
 * reached someone outside the usual chain. No content either way: titles are shown and kept unsealed.
 */
export function alertTitle(urgency: 'urgent' | 'routine', level: number): string {
  if (urgency === 'urgent')
    return level === 0
      ? 'URGENT safeguarding concern: acknowledge it now'
      : 'URGENT safeguarding concern escalated to you: nobody has acknowledged it';
  return level === 0
    ? 'A safeguarding concern awaits you'
    : 'A safeguarding concern was escalated to you: nobody has acknowledged it';
}

/** Alerts one level of the chain: in-app and a generic email to staff, a generic email to outside contacts. */
export async function alertLevel(
  tx: DbExecutor,
  input: {
    concernId: string;
    schoolId: string;
    urgency: 'urgent' | 'routine';
    level: number;
    recipients: Recipient[];
    now: Date;
  },
): Promise<number> {
  const staffIds = input.recipients.flatMap((r) => (r.kind === 'staff' ? [r.staffId] : []));
  await notify(tx, {
    schoolId: input.schoolId,
    staffIds,
    kind: input.urgency === 'urgent' ? 'concern.awaiting_urgent' : 'concern.awaiting',
    title: alertTitle(input.urgency, input.level),
    link: linkTo('concern', { id: input.concernId }),
    email: true,
    now: input.now,
  });
  for (const r of input.recipients) {
    if (r.kind === 'contact')
      await enqueueEmail(tx, {
        schoolId: input.schoolId,
        to: r.email,
        subject: GENERIC_EMAIL.subject,
        text: GENERIC_EMAIL.text,
        html: GENERIC_EMAIL.html,
        now: input.now,
      });
  }
  await insertConcernAlerts(
    tx,
    input.recipients.map((r) => ({
      concern_id: input.concernId,
      school_id: input.schoolId,
      level: input.level,
      staff_id: r.kind === 'staff' ? r.staffId : null,
      contact_label: r.kind === 'contact' ? r.label : null,
      alerted_at: input.now,
    })),
  );
  return input.recipients.length;
}
