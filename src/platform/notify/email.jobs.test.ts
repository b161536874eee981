import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../clock.js';
import { createTestDb, type TestDb, testEngines } from '../db/test-db.js';
import { findJob } from '../jobs/jobs.repository.js';
import { runDueJobs } from '../jobs/worker.js';
import { createLogger } from '../logger.js';
import { EMAIL_REQUEUE_QUEUE, emailJobHandlers, SMTP_NOT_CONFIGURED } from './email.jobs.js';
import { EMAIL_SEND_QUEUE, enqueueEmail } from './email.js';
import { startTestSmtp, type TestSmtp } from './test-smtp.js';

const logger = createLogger('silent');

for (const engine of testEngines()) {
  describe(`email delivery on ${engine}`, () => {
    let t: TestDb;
    let smtp: TestSmtp;
    beforeAll(async () => {
      [t, smtp] = await Promise.all([
        createTestDb(engine),
        startTestSmtp({ refuse: (address) => address.startsWith('bounce') }),
      ]);
    });
    afterAll(async () => {
      await Promise.all([t.destroy(), smtp.close()]);
    });

    it('sends text and HTML bodies through SMTP and marks the outbox row sent', async () => {
      const clock = fixedClock('2026-11-24T09:00:00Z');
      const { outboxId } = await enqueueEmail(t.db, {
        schoolId: null,
        to: 'reader@school.example',
        subject: 'Policy reminder',
        text: 'Plain words for plain readers.',
        html: '<p>Rich <strong>words</strong></p>',
        now: clock.now(),
      });
      const handlers = emailJobHandlers({
        smtpUrl: smtp.url,
        mailFrom: 'Guardpost <guardpost@school.example>',
      });
      expect(await runDueJobs({ db: t.db, clock, logger, handlers, workerId: 'mail' })).toBe(1);
      const message = smtp.to('reader@school.example')[0];
      expect(message?.from).toBe('guardpost@school.example');
      expect(message?.raw).toMatch(/^Subject: Policy reminder\r?$/m);
      expect(message?.raw).toMatch(/multipart\/alternative/);
      expect(message?.raw).toMatch(/Content-Type: text\/plain[\s\S]*Plain words for plain readers\./);
      expect(message?.raw).toMatch(/Content-Type: text\/html[\s\S]*<p>Rich <strong>words<\/strong><\/p>/);
      const row = await t.db
        .selectFrom('email_outbox')
        .selectAll()
        .where('id', '=', outboxId)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
      expect(row.message_id).toBeTruthy();
      expect(row.sent_at?.toISOString()).toBe('2026-11-24T09:00:00.000Z');
    });

    it('retries a refused message and keeps the address out of the error', async () => {
      const clock = fixedClock('2026-11-24T09:00:00Z');
      const { outboxId } = await enqueueEmail(t.db, {
        schoolId: null,
        to: 'bounce@school.example',
        subject: 'Hello',
        text: 'Hello',
        now: clock.now(),
      });
      const handlers = emailJobHandlers({ smtpUrl: smtp.url });
      await runDueJobs({ db: t.db, clock, logger, handlers, workerId: 'mail' });
      const job = await t.db
        .selectFrom('jobs')
        .selectAll()
        .where('queue', '=', EMAIL_SEND_QUEUE)
        .where('status', '=', 'queued')
        .executeTakeFirstOrThrow();
      expect(job.attempts).toBe(1);
      expect(job.last_error).toMatch(/^SMTP/);
      expect(job.last_error).not.toContain('bounce');
      const row = await t.db
        .selectFrom('email_outbox')
        .selectAll()
        .where('id', '=', outboxId)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('queued');
      expect(row.last_error).not.toContain('bounce');
      // Clear it out of the way of the next test.
      await t.db.updateTable('jobs').set({ status: 'dead' }).where('id', '=', job.id).execute();
      await t.db.updateTable('email_outbox').set({ status: 'sent' }).where('id', '=', outboxId).execute();
    });

    it('without SMTP keeps mail queued, says so, and delivers once SMTP is configured', async () => {
      const clock = fixedClock('2026-11-24T09:00:00Z');
      const before = smtp.received.length;
      const { outboxId } = await enqueueEmail(t.db, {
        schoolId: null,
        to: 'later@school.example',
        subject: 'Later',
        text: 'Later',
        now: clock.now(),
      });
      const unconfigured = emailJobHandlers({});
      // Email being off is said once at start (server.ts), not as a warning per message and retry.
      const lines: string[] = [];
      const capture = createLogger(
        'info',
        new Writable({
          write(chunk: Buffer, _encoding, done) {
            lines.push(chunk.toString('utf8'));
            done();
          },
        }),
      );
      await runDueJobs({ db: t.db, clock, logger: capture, handlers: unconfigured, workerId: 'mail' });
      const job = await t.db
        .selectFrom('jobs')
        .selectAll()
        .where('queue', '=', EMAIL_SEND_QUEUE)
        .where(({ ref }) => ref('payload', '->>').key('outboxId'), '=', outboxId)
        .executeTakeFirstOrThrow();
      expect(job.status).toBe('done');
      expect(lines.filter((l) => l.includes('job failed'))).toEqual([]);
      expect((await findJob(t.db, job.id))?.attempts).toBe(1);
      const row = await t.db
        .selectFrom('email_outbox')
        .selectAll()
        .where('id', '=', outboxId)
        .executeTakeFirstOrThrow();
      // The job is over; the mail waits.
      expect(row).toMatchObject({ status: 'queued', last_error: SMTP_NOT_CONFIGURED });
      const configured = emailJobHandlers({ smtpUrl: smtp.url });
      await configured[EMAIL_REQUEUE_QUEUE]?.({
        db: t.db,
        clock,
        logger,
        job: { id: 'manual', queue: EMAIL_REQUEUE_QUEUE, payload: {}, attempt: 1, maxAttempts: 1 },
        completeInTransaction: (work) => t.db.transaction().execute(work),
      });
      await runDueJobs({ db: t.db, clock, logger, handlers: configured, workerId: 'mail' });
      expect(smtp.received.length).toBe(before + 1);
      const sent = await t.db
        .selectFrom('email_outbox')
        .selectAll()
        .where('id', '=', outboxId)
        .executeTakeFirstOrThrow();
      expect(sent.status).toBe('sent');
    });
  });
}
