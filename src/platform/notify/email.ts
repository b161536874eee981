import type { DbExecutor } from '../db/database.js';
import { invalid } from '../errors.js';
import { enqueueJob } from '../jobs/jobs.js';

/** The job queue that hands one outbox row to SMTP. */
export const EMAIL_SEND_QUEUE = 'email.send';
/** How many times a message is tried before its job is dead (backoff grows to about an hour). */
export const EMAIL_MAX_ATTEMPTS = 10;

export interface OutgoingEmail {
  /** The school the mail is about; null for deployment-wide mail. */
  schoolId: string | null;
  to: string;
  subject: string;
  text: string;
  html?: string | undefined;
  /** When the mail was asked for (the caller's clock); the system time when absent. */
  now?: Date | undefined;
}

// Deliberately plain: one address, no display name, and nothing that could inject a header.
const ADDRESS = /^[^\s@<>(),;:"\\]+@[^\s@<>(),;:"\\]+\.[^\s@<>(),;:"\\]+$/;

function problemsOf(email: OutgoingEmail): string[] {
  const problems: string[] = [];
  if (email.to.length > 254 || !ADDRESS.test(email.to)) problems.push('to: not a single email address');
  if (email.subject.trim() === '') problems.push('subject: must not be empty');
  if (/[\r\n]/.test(email.subject)) problems.push('subject: must be one line');
  if (email.subject.length > 200) problems.push('subject: at most 200 characters');
  if (email.text.trim() === '') problems.push('text: must not be empty');
  return problems;
}

/**
 * Queues an email inside the caller's transaction: an outbox row plus the job that sends it. Nothing
 * leaves the building unless the transaction commits, and a rollback takes the mail with it. Never put
 * safeguarding content in a message: say that something awaits and ask the person to sign in.
 */
export async function enqueueEmail(db: DbExecutor, email: OutgoingEmail): Promise<{ outboxId: string }> {
  const problems = problemsOf(email);
  if (problems.length > 0) throw invalid('InvalidEmail', 'this email cannot be queued', problems);
  const now = email.now ?? new Date();
  const row = await db
    .insertInto('email_outbox')
    .values({
      school_id: email.schoolId,
      to_address: email.to.toLowerCase(),
      subject: email.subject,
      text_body: email.text,
      html_body: email.html ?? null,
      last_error: null,
      message_id: null,
      created_at: now,
      sent_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await enqueueJob(db, EMAIL_SEND_QUEUE, now, {
    payload: { outboxId: row.id },
    maxAttempts: EMAIL_MAX_ATTEMPTS,
  });
  return { outboxId: row.id };
}
