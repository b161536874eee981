import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsentFamily } from '../consent/testing.js';
import type { Role } from '../platform/auth/roles.js';
import { fixedClock } from '../platform/clock.js';
import type { DbExecutor } from '../platform/db/database.js';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import { enqueueJob } from '../platform/jobs/jobs.js';
import { runDueJobs } from '../platform/jobs/worker.js';
import { createLogger } from '../platform/logger.js';
import { emailJobHandlers } from '../platform/notify/email.jobs.js';
import { startTestSmtp, type TestSmtp } from '../platform/notify/test-smtp.js';
import { TAKEDOWN_REMINDER_QUEUE, takedownJobHandlers } from './posts.jobs.js';
import { sendTakedownReminders } from './send-takedown-reminders.js';
import { oneWorkingDayAfter, takedownReminderStage } from './takedown-reminders.js';
import { buildPostingAccount } from './testing.js';

describe('takedown reminder stages (pure)', () => {
  const now = new Date('2026-11-24T07:00:00Z'); // a Tuesday
  it('one working day after a weekday is the next day, after a Friday the Monday', () => {
    expect(oneWorkingDayAfter(now).toISOString()).toBe('2026-11-25T07:00:00.000Z');
    expect(oneWorkingDayAfter(new Date('2026-11-27T07:00:00Z')).toISOString()).toBe(
      '2026-11-30T07:00:00.000Z',
    );
    expect(oneWorkingDayAfter(new Date('2026-11-28T07:00:00Z')).toISOString()).toBe(
      '2026-11-30T07:00:00.000Z',
    );
    // Christmas Eve 2026 is a Thursday; the 25th and the 28th (for Boxing Day) are bank holidays.
    expect(oneWorkingDayAfter(new Date('2026-12-24T07:00:00Z')).toISOString()).toBe(
      '2026-12-29T07:00:00.000Z',
    );
  });
  it('due within a working day is due soon; past the deadline is overdue; done is nothing', () => {
    const at = (iso: string) => new Date(iso);
    expect(takedownReminderStage({ dueAt: at('2026-11-25T06:59:00Z'), removedAt: null }, now)).toBe(
      'due_soon',
    );
    expect(takedownReminderStage({ dueAt: at('2026-11-25T07:00:00Z'), removedAt: null }, now)).toBe(
      'due_soon',
    );
    expect(takedownReminderStage({ dueAt: at('2026-11-25T07:01:00Z'), removedAt: null }, now)).toBeNull();
    expect(takedownReminderStage({ dueAt: now, removedAt: null }, now)).toBe('overdue');
    expect(takedownReminderStage({ dueAt: at('2026-11-20T07:00:00Z'), removedAt: null }, now)).toBe(
      'overdue',
    );
    expect(takedownReminderStage({ dueAt: at('2026-11-20T07:00:00Z'), removedAt: now }, now)).toBeNull();
  });
});

const logger = createLogger('silent');

async function buildStaff(db: DbExecutor, schoolId: string, key: string, roles: Role[]): Promise<string> {
  const staff = await db
    .insertInto('staff')
    .values({ email: `${key}@reminders.example`, given_name: `Given${key}`, family_name: 'Staffer' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('staff_memberships')
    .values({ school_id: schoolId, staff_id: staff.id, roles })
    .execute();
  return staff.id;
}

/** A publication featuring the pupil, as publishPost leaves it. */
async function buildPublication(
  db: DbExecutor,
  input: { schoolId: string; accountId: string; authorId: string; pupilId: string; n: number },
): Promise<string> {
  const at = new Date('2026-11-03T10:00:00Z');
  const post = await db
    .insertInto('posts')
    .values({
      school_id: input.schoolId,
      account_id: input.accountId,
      author_staff_id: input.authorId,
      text: `Sports day ${input.n}`,
      links: '[]',
      tagged_pupil_ids: JSON.stringify([input.pupilId]),
      no_identifiable_pupils: false,
      revision: 1,
      status: 'published',
      verdict: 'pass',
      findings: '[]',
      checked_at: at,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const archive = await db
    .insertInto('post_archive')
    .values({
      school_id: input.schoolId,
      post_id: post.id,
      account_id: input.accountId,
      author_staff_id: input.authorId,
      published_by_staff_id: input.authorId,
      published_at: at,
      published_url: `https://x.com/posts_rem/status/${input.n}`,
      text: `Sports day ${input.n}`,
      links: '[]',
      photos: '[]',
      tagged_pupil_ids: JSON.stringify([input.pupilId]),
      tagged_pupils: JSON.stringify([{ pupilId: input.pupilId, consentState: 'granted', expiresOn: null }]),
      no_identifiable_pupils: false,
      verdict: 'pass',
      findings: '[]',
      rule_ids: '[]',
      approvals: '[]',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return archive.id;
}

for (const engine of testEngines()) {
  describe(`takedown reminders and escalation on ${engine}`, () => {
    let t: TestDb;
    let smtp: TestSmtp;
    let schoolId: string;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      [t, smtp] = await Promise.all([createTestDb(engine), startTestSmtp()]);
      schoolId = (
        await t.db
          .insertInto('schools')
          .values({ name: 'Reminder Test School', official_email_domains: ['reminders.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      ids.owner = await buildStaff(t.db, schoolId, 'owner', ['staff']);
      ids.smt = await buildStaff(t.db, schoolId, 'smt', ['staff', 'smt']);
      ids.head = await buildStaff(t.db, schoolId, 'head', ['staff', 'headteacher']);
      ids.bystander = await buildStaff(t.db, schoolId, 'bystander', ['staff', 'manager']);
      const accountId = await buildPostingAccount(t.db, { schoolId, ownerIds: [ids.owner], key: 'rem' });
      const family = await buildConsentFamily(t.db, { schoolId, key: 'REM' });
      const due = {
        soon: '2026-11-25T06:00:00Z',
        overdue: '2026-11-23T09:00:00Z',
        later: '2026-11-27T09:00:00Z',
        done: '2026-11-23T09:00:00Z',
      };
      let n = 0;
      for (const [name, dueAt] of Object.entries(due)) {
        n++;
        const archiveId = await buildPublication(t.db, {
          schoolId,
          accountId,
          authorId: ids.owner,
          pupilId: family.pupilId,
          n,
        });
        const task = await t.db
          .insertInto('post_takedown_tasks')
          .values({
            school_id: schoolId,
            archive_id: archiveId,
            account_id: accountId,
            pupil_id: family.pupilId,
            consent_id: crypto.randomUUID(),
            reason: 'withdrawn',
            created_at: new Date('2026-11-21T09:00:00Z'),
            due_at: new Date(dueAt),
            removed_at: name === 'done' ? new Date('2026-11-22T09:00:00Z') : null,
            removed_by_staff_id: name === 'done' ? ids.owner : null,
            note: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        ids[name] = task.id;
      }
    }, 60_000);
    afterAll(async () => {
      await Promise.all([t.destroy(), smtp.close()]);
    });

    const notificationsFor = (staffId: string | undefined) =>
      t.db
        .selectFrom('notifications')
        .select(['kind', 'title', 'link'])
        .where('staff_id', '=', staffId ?? '')
        .orderBy('created_at')
        .execute();

    it('the daily job reminds the owner of a task due soon and escalates an overdue one to SMT and the head, by email through SMTP', async () => {
      const clock = fixedClock('2026-11-24T07:00:00Z');
      await enqueueJob(t.db, TAKEDOWN_REMINDER_QUEUE, clock.now());
      const handlers = { ...takedownJobHandlers, ...emailJobHandlers({ smtpUrl: smtp.url }) };
      // The reminder job queues three emails; jobs are claimed one at a time, so the same pass sends them.
      expect(await runDueJobs({ db: t.db, clock, logger, handlers, workerId: 'rem' })).toBe(4);
      await runDueJobs({ db: t.db, clock, logger, handlers, workerId: 'rem', batchSize: 50 });

      expect(await notificationsFor(ids.owner)).toEqual([
        expect.objectContaining({ kind: 'post.takedown_due_soon', link: '/takedowns' }),
      ]);
      for (const leader of [ids.smt, ids.head]) {
        expect(await notificationsFor(leader)).toEqual([
          expect.objectContaining({ kind: 'post.takedown_overdue', link: '/takedowns' }),
        ]);
      }
      expect(await notificationsFor(ids.bystander)).toEqual([]);
      const [ownerNote] = await notificationsFor(ids.owner);
      expect(ownerNote?.title).toContain('@posts_rem');
      expect(ownerNote?.title).not.toMatch(/PupilREM|Testfamily/);

      const to = smtp.to;
      expect(to('owner@reminders.example')).toHaveLength(1);
      expect(to('smt@reminders.example')).toHaveLength(1);
      expect(to('head@reminders.example')).toHaveLength(1);
      expect(to('bystander@reminders.example')).toHaveLength(0);
      expect(to('owner@reminders.example')[0]?.raw).toMatch(/Subject: A takedown on @posts_rem is due/);
      expect(to('smt@reminders.example')[0]?.raw).toMatch(/Subject: Overdue takedown on @posts_rem/);
      expect(to('smt@reminders.example')[0]?.raw).not.toMatch(/PupilREM/);

      const recorded = await t.db
        .selectFrom('post_takedown_reminders')
        .select(['task_id', 'stage', 'recipients'])
        .orderBy('stage')
        .execute();
      expect(recorded).toEqual([
        { task_id: ids.soon, stage: 'due_soon', recipients: 1 },
        { task_id: ids.overdue, stage: 'overdue', recipients: 2 },
      ]);
      const audit = await t.db
        .selectFrom('audit_events')
        .select(['subject_id', 'data'])
        .where('type', '=', 'post.takedown_reminder_sent')
        .execute();
      expect(audit.map((a) => a.subject_id).sort()).toEqual([ids.soon, ids.overdue].sort());
    });

    it('a second run the same day sends nothing again', async () => {
      const clock = fixedClock('2026-11-24T07:05:00Z');
      const mails = smtp.received.length;
      expect(await sendTakedownReminders(t.db, clock)).toEqual({ dueSoon: 0, overdue: 0 });
      const handlers = emailJobHandlers({ smtpUrl: smtp.url });
      await runDueJobs({ db: t.db, clock, logger, handlers, workerId: 'rem' });
      expect(smtp.received.length).toBe(mails);
      expect(await notificationsFor(ids.owner)).toHaveLength(1);
    });

    it('the next day the reminded task is overdue and escalated once; a task marked removed is left alone', async () => {
      const clock = fixedClock('2026-11-25T07:00:00Z');
      // The owner took the overdue one down in the meantime: nothing more about it.
      await t.db
        .updateTable('post_takedown_tasks')
        .set({ removed_at: clock.now(), removed_by_staff_id: ids.owner })
        .where('id', '=', ids.overdue ?? '')
        .execute();
      expect(await sendTakedownReminders(t.db, clock)).toEqual({ dueSoon: 0, overdue: 1 });
      expect(await sendTakedownReminders(t.db, clock)).toEqual({ dueSoon: 0, overdue: 0 });
      const stages = await t.db
        .selectFrom('post_takedown_reminders')
        .select(['task_id', 'stage'])
        .where('task_id', '=', ids.soon ?? '')
        .orderBy('stage')
        .execute();
      expect(stages.map((s) => s.stage)).toEqual(['due_soon', 'overdue']);
      expect(await notificationsFor(ids.smt)).toHaveLength(2);
      expect(await notificationsFor(ids.owner)).toHaveLength(1);
    });

    it('the task due on Friday is reminded on Thursday, not before', async () => {
      expect(await sendTakedownReminders(t.db, fixedClock('2026-11-25T12:00:00Z'))).toEqual({
        dueSoon: 0,
        overdue: 0,
      });
      expect(await sendTakedownReminders(t.db, fixedClock('2026-11-26T09:00:00Z'))).toEqual({
        dueSoon: 1,
        overdue: 0,
      });
      const owner = await notificationsFor(ids.owner);
      expect(owner.map((n) => n.kind)).toEqual(['post.takedown_due_soon', 'post.takedown_due_soon']);
    });
  });
}
