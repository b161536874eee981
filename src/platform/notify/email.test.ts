import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testEngines } from '../db/test-db.js';
import { isAppError } from '../errors.js';
import { EMAIL_SEND_QUEUE, enqueueEmail } from './email.js';

const now = new Date('2026-11-24T09:00:00Z');

for (const engine of testEngines()) {
  describe(`enqueueEmail on ${engine}`, () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await createTestDb(engine);
    });
    afterAll(async () => {
      await t.destroy();
    });

    it('writes an outbox row and its send job in the caller transaction', async () => {
      const { outboxId } = await t.db.transaction().execute((tx) =>
        enqueueEmail(tx, {
          schoolId: null,
          to: 'Reset.Person@school.example',
          subject: 'Reset your password',
          text: 'Follow the link',
          html: '<p>Follow the link</p>',
          now,
        }),
      );
      const row = await t.db
        .selectFrom('email_outbox')
        .selectAll()
        .where('id', '=', outboxId)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'queued', to_address: 'reset.person@school.example' });
      const jobs = await t.db.selectFrom('jobs').selectAll().where('queue', '=', EMAIL_SEND_QUEUE).execute();
      expect(jobs.filter((j) => j.payload.outboxId === outboxId)).toHaveLength(1);
    });

    it('leaves nothing behind when the transaction rolls back', async () => {
      const before = await t.db.selectFrom('email_outbox').select('id').execute();
      await expect(
        t.db.transaction().execute(async (tx) => {
          await enqueueEmail(tx, { schoolId: null, to: 'a@b.example', subject: 'S', text: 'T', now });
          throw new Error('use case failed');
        }),
      ).rejects.toThrow('use case failed');
      expect(await t.db.selectFrom('email_outbox').select('id').execute()).toHaveLength(before.length);
    });

    it('refuses header injection and bad addresses, listing every problem', async () => {
      const error = await enqueueEmail(t.db, {
        schoolId: null,
        to: 'a@b.example\r\nBcc: x@y.example',
        subject: 'Hi\r\nBcc: x@y.example',
        text: ' ',
        now,
      }).catch((e: unknown) => e);
      expect(isAppError(error) && error.code).toBe('InvalidEmail');
      expect(isAppError(error) && error.details.length).toBe(3);
    });
  });
}
