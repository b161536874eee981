import { sql } from 'kysely';
import type { Transporter } from 'nodemailer';
import nodemailer from 'nodemailer';
import type { DbExecutor } from '../db/database.js';
import { enqueueJob } from '../jobs/jobs.js';
import type { JobHandler, ScheduleDefinition } from '../jobs/worker.js';
import { EMAIL_MAX_ATTEMPTS, EMAIL_SEND_QUEUE } from './email.js';

export const EMAIL_REQUEUE_QUEUE = 'email.requeue';
export const SMTP_NOT_CONFIGURED = 'SMTP not configured';

/** Hands mail whose send job died (e.g. while SMTP was not configured) to a fresh job. */
export const emailSchedules: readonly ScheduleDefinition[] = [
  { name: 'email.requeue', queue: EMAIL_REQUEUE_QUEUE, spec: 'every 15m' },
];

export interface MailSettings {
  smtpUrl?: string | undefined;
  mailFrom?: string | undefined;
}

async function recordOutboxError(db: DbExecutor, id: string, error: string): Promise<void> {
  await db
    .updateTable('email_outbox')
    .set((eb) => ({ last_error: error, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

// SMTP replies can quote the recipient; the outbox keeps what failed, not whom it was for.
function describeSmtpError(error: unknown): string {
  const code =
    typeof error === 'object' && error !== null && 'responseCode' in error ? error.responseCode : undefined;
  const kind = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'error';
  return code === undefined ? `SMTP ${kind}` : `SMTP ${kind} ${String(code)}`;
}

/**
 * The job handlers that deliver the outbox. Without an SMTP URL nothing is sent: the outbox row notes
 * "SMTP not configured" and stays queued, and the send job ends quietly, because email being off is a
 * setting (said once at start), not a failure worth a warning and retries for every message. Configuring
 * SMTP later delivers the queued mail through the requeue schedule.
 */
export function emailJobHandlers(settings: MailSettings): Record<string, JobHandler> {
  const from = settings.mailFrom ?? 'Guardpost <guardpost@localhost>';
  const transport: Transporter | undefined = settings.smtpUrl
    ? nodemailer.createTransport(settings.smtpUrl)
    : undefined;

  const send: JobHandler = async ({ db, clock, job }) => {
    const outboxId = job.payload.outboxId;
    if (typeof outboxId !== 'string') throw new Error('email.send payload has no outboxId');
    const mail = await db
      .selectFrom('email_outbox')
      .selectAll()
      .where('id', '=', outboxId)
      .executeTakeFirst();
    if (!mail || mail.status === 'sent') return;
    if (!transport) {
      await recordOutboxError(db, mail.id, SMTP_NOT_CONFIGURED);
      return;
    }
    let messageId: string;
    try {
      const info = await transport.sendMail({
        from,
        to: mail.to_address,
        subject: mail.subject,
        text: mail.text_body,
        ...(mail.html_body === null ? {} : { html: mail.html_body }),
      });
      messageId = String(info.messageId);
    } catch (error) {
      const description = describeSmtpError(error);
      await recordOutboxError(db, mail.id, description);
      throw new Error(description);
    }
    await db
      .updateTable('email_outbox')
      .set((eb) => ({
        status: 'sent',
        sent_at: clock.now(),
        message_id: messageId,
        last_error: null,
        attempts: eb('attempts', '+', 1),
      }))
      .where('id', '=', mail.id)
      .execute();
  };

  const requeue: JobHandler = async ({ db, clock }) => {
    if (!transport) return;
    const stranded = await db
      .selectFrom('email_outbox')
      .select('id')
      .where('status', '=', 'queued')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('jobs')
              .select('jobs.id')
              .where('jobs.queue', '=', EMAIL_SEND_QUEUE)
              .where('jobs.status', 'in', ['queued', 'running'])
              .where(sql<boolean>`jobs.payload->>'outboxId' = email_outbox.id::text`),
          ),
        ),
      )
      .limit(500)
      .execute();
    for (const mail of stranded) {
      await enqueueJob(db, EMAIL_SEND_QUEUE, clock.now(), {
        payload: { outboxId: mail.id },
        maxAttempts: EMAIL_MAX_ATTEMPTS,
      });
    }
  };

  return { [EMAIL_SEND_QUEUE]: send, [EMAIL_REQUEUE_QUEUE]: requeue };
}
