import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs, type TestSignIn } from '../platform/auth/test-session.js';
import { testEngines } from '../platform/db/test-db.js';
import { enqueueJob } from '../platform/jobs/jobs.js';
import { runDueJobs } from '../platform/jobs/worker.js';
import { createLogger } from '../platform/logger.js';
import { createTestApp, type TestApp } from '../server/test-app.js';
import { ACKNOWLEDGEMENT_REMINDERS_QUEUE, acknowledgementJobHandlers } from './acknowledgements.jobs.js';
import { installSeedPolicy } from './install-seed-policy.js';
import { sendAcknowledgementReminders } from './send-acknowledgement-reminders.js';

const DAY = 86_400_000;

for (const engine of testEngines()) {
  describe(`policy acknowledgements on ${engine}`, () => {
    let t: TestApp;
    let schoolId: string;
    let first: TestSignIn;
    let second: TestSignIn;
    let smt: TestSignIn;
    let start: Date;
    beforeAll(async () => {
      t = await createTestApp(engine);
      const db = t.testDb.db;
      start = t.clock.now();
      schoolId = (
        await db
          .insertInto('schools')
          .values({ name: 'Ack School', official_email_domains: ['ack.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      await installSeedPolicy(db, { kind: 'system', label: 'test' }, schoolId);
      first = await signInAs(db, { schoolId, roles: ['staff'], now: start });
      second = await signInAs(db, { schoolId, roles: ['staff'], now: start });
      smt = await signInAs(db, { schoolId, roles: ['staff', 'smt'], now: start });
      const leaver = await signInAs(db, { schoolId, roles: ['staff'], now: start });
      await db
        .updateTable('staff_memberships')
        .set({ status: 'left' })
        .where('staff_id', '=', leaver.actor.staffId)
        .execute();
      // "Asked since" counts from these; pin them to the test clock.
      await db
        .updateTable('policy_versions')
        .set({ created_at: start })
        .where('school_id', '=', schoolId)
        .execute();
      await db
        .updateTable('staff_memberships')
        .set({ created_at: start })
        .where('school_id', '=', schoolId)
        .execute();
    });
    afterAll(async () => {
      await t.close();
    });

    const ack = (who: TestSignIn) =>
      t.app.inject({ method: 'POST', url: '/api/policy/acknowledgements', headers: who.headers });
    const mine = async (who: TestSignIn) =>
      (
        await t.app.inject({ method: 'GET', url: '/api/policy/acknowledgements/mine', headers: who.headers })
      ).json();
    const report = (who: TestSignIn) =>
      t.app.inject({ method: 'GET', url: '/api/policy/acknowledgements', headers: who.headers });

    it('records an acknowledgement once, with the time and the document hash', async () => {
      expect((await mine(first)).acknowledgedCurrent).toBe(false);
      const response = await ack(first);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        alreadyAcknowledged: false,
        acknowledgedAt: start.toISOString(),
      });
      const again = await ack(first);
      expect(again.json().alreadyAcknowledged).toBe(true);
      const me = await mine(first);
      expect(me.acknowledgedCurrent).toBe(true);
      expect(me.acknowledgements[0].documentHash).toBe(me.current.documentHash);
      const audited = await t.testDb.db
        .selectFrom('audit_events')
        .select('actor_staff_id')
        .where('type', '=', 'policy.acknowledged')
        .execute();
      expect(audited).toEqual([{ actor_staff_id: first.actor.staffId }]);
    });

    it('shows SMT who has and has not acknowledged, with the percentage', async () => {
      const refused = await report(second);
      expect(refused.statusCode).toBe(403);
      const body = (await report(smt)).json();
      expect(body).toMatchObject({ total: 3, acknowledged: 1, percentage: 33.3 });
      const acknowledged = body.staff.filter(
        (s: { acknowledgedAt: string | null }) => s.acknowledgedAt !== null,
      );
      expect(acknowledged.map((s: { staffId: string }) => s.staffId)).toEqual([first.actor.staffId]);
    });

    it('reminds after 7 and 14 days, once each, by email and in the app', async () => {
      const reminders = async () =>
        t.testDb.db
          .selectFrom('policy_acknowledgement_reminders')
          .select(['staff_id', 'after_days'])
          .where('school_id', '=', schoolId)
          .execute();
      t.clock.set(new Date(start.getTime() + 6 * DAY));
      expect(await sendAcknowledgementReminders(t.testDb.db, t.clock.now())).toEqual({ reminded: 0 });
      t.clock.set(new Date(start.getTime() + 7 * DAY));
      // Through the job queue, as the daily schedule runs it.
      await enqueueJob(t.testDb.db, ACKNOWLEDGEMENT_REMINDERS_QUEUE, t.clock.now());
      await runDueJobs({
        db: t.testDb.db,
        clock: t.clock,
        logger: createLogger('silent'),
        handlers: acknowledgementJobHandlers,
        workerId: 'w',
      });
      expect((await reminders()).map((r) => r.after_days)).toEqual([7, 7]);
      expect(await sendAcknowledgementReminders(t.testDb.db, t.clock.now())).toEqual({ reminded: 0 });
      t.clock.set(new Date(start.getTime() + 14 * DAY));
      expect(await sendAcknowledgementReminders(t.testDb.db, t.clock.now())).toEqual({ reminded: 2 });
      expect(await sendAcknowledgementReminders(t.testDb.db, t.clock.now())).toEqual({ reminded: 0 });
      const sent = await reminders();
      expect(sent.filter((r) => r.staff_id === first.actor.staffId)).toEqual([]);
      expect(sent).toHaveLength(4);
      const mail = await t.testDb.db
        .selectFrom('email_outbox')
        .select('to_address')
        .where('school_id', '=', schoolId)
        .execute();
      expect(mail.map((m) => m.to_address).sort()).toEqual(
        [second.actor.email, second.actor.email, smt.actor.email, smt.actor.email].sort(),
      );
      const inApp = await t.testDb.db
        .selectFrom('notifications')
        .select('kind')
        .where('staff_id', '=', second.actor.staffId)
        .execute();
      expect(inApp).toHaveLength(2);
    });

    it('asks again when a new version becomes current', async () => {
      const db = t.testDb.db;
      // Two weeks on, the old sessions have expired: sign in again.
      const now = t.clock.now();
      first = await signInAs(db, { schoolId, roles: ['staff'], email: first.actor.email, now });
      smt = await signInAs(db, { schoolId, roles: ['staff', 'smt'], email: smt.actor.email, now });
      await db
        .updateTable('policy_versions')
        .set({ is_current: false })
        .where('school_id', '=', schoolId)
        .execute();
      await db
        .insertInto('policy_versions')
        .values({
          school_id: schoolId,
          label: 'v-next',
          title: 'Social Media Policy',
          document_text: 'A revised policy.',
          document_hash: 'f'.repeat(64),
          source: 'import',
          format: 'text',
          sections: JSON.stringify([]),
          effective_from: '2026-12-01',
          next_review_due: '2027-12-01',
          is_current: true,
          created_at: t.clock.now(),
        })
        .execute();
      expect((await mine(first)).acknowledgedCurrent).toBe(false);
      expect((await report(smt)).json()).toMatchObject({ acknowledged: 0, percentage: 0 });
      expect((await ack(first)).json().alreadyAcknowledged).toBe(false);
      expect((await mine(first)).acknowledgements).toHaveLength(2);
      // Reminders for the new text start again from its own day 7.
      t.clock.advance(7 * DAY);
      expect(await sendAcknowledgementReminders(db, t.clock.now())).toEqual({ reminded: 2 });
    });
  });
}
