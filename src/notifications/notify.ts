import type { DbExecutor } from '../platform/db/database.js';
import { invalid } from '../platform/errors.js';
import { enqueueEmail } from '../platform/notify/email.js';
import { matchRoute, type NotificationKind, notificationRoutes } from '../shared/links.js';

// The domains' in-app notifications. It stands above the platform because it knows the app's pages: each
// kind declares the page its link opens (src/shared/links.ts), and a link to another page is refused. The
// platform keeps what knows no page: the notifications table, the list route and the email outbox.

export interface NotifyInput {
  schoolId: string;
  staffIds: readonly string[];
  /** A stable kind the UI can group and iconise by; each kind declares the page its link opens. */
  kind: NotificationKind;
  title: string;
  body?: string | undefined;
  /** An app path built with `linkTo`, opening the page the kind declares (src/shared/links.ts). */
  link?: string | undefined;
  /**
   * Also email each person. `true` sends the generic "something awaits you, sign in" message, the only
   * safe choice for anything touching safeguarding; a custom message is for routine matters (a policy
   * reminder) and must never carry safeguarding content either.
   */
  email?: boolean | { subject: string; text: string; html?: string } | undefined;
  now: Date;
}

export const GENERIC_EMAIL = {
  subject: 'Something is waiting for you in Guardpost',
  text: 'Something is waiting for you in Guardpost. Sign in to see it.\n\nThis message holds no details on purpose.',
  html: '<p>Something is waiting for you in Guardpost. Sign in to see it.</p><p>This message holds no details on purpose.</p>',
};

/**
 * Writes one in-app notification per person, and queues email when asked, inside the caller's
 * transaction. People who are not active in the school are skipped.
 */
export async function notify(db: DbExecutor, input: NotifyInput): Promise<{ notified: number }> {
  if (input.title.trim() === '') throw invalid('InvalidNotification', 'a notification needs a title');
  if (input.link !== undefined && matchRoute(input.link)?.route !== notificationRoutes[input.kind])
    throw invalid('InvalidNotification', `a ${input.kind} notification links to its page of the web app`);
  if (input.staffIds.length === 0) return { notified: 0 };
  const recipients = await db
    .selectFrom('staff_memberships')
    .innerJoin('staff', 'staff.id', 'staff_memberships.staff_id')
    .select(['staff.id', 'staff.email'])
    .where('staff_memberships.school_id', '=', input.schoolId)
    .where('staff_memberships.status', '=', 'active')
    .where('staff.id', 'in', [...new Set(input.staffIds)])
    .execute();
  if (recipients.length === 0) return { notified: 0 };
  await db
    .insertInto('notifications')
    .values(
      recipients.map((r) => ({
        school_id: input.schoolId,
        staff_id: r.id,
        kind: input.kind,
        title: input.title,
        body: input.body ?? null,
        link: input.link ?? null,
        created_at: input.now,
        read_at: null,
      })),
    )
    .execute();
  if (input.email) {
    const message = input.email === true ? GENERIC_EMAIL : input.email;
    for (const r of recipients) {
      await enqueueEmail(db, {
        schoolId: input.schoolId,
        to: r.email,
        subject: message.subject,
        text: message.text,
        html: message.html,
        now: input.now,
      });
    }
  }
  return { notified: recipients.length };
}
