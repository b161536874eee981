import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckContextCache } from '../checks/check-context.js';
import { fixedClock } from '../platform/clock.js';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import { enqueueJob } from '../platform/jobs/jobs.js';
import { registerSchedules, runDueJobs } from '../platform/jobs/worker.js';
import { createLogger } from '../platform/logger.js';
import {
  APPROVAL_EXPIRY_QUEUE,
  AUP_RECHECK_QUEUE,
  accountJobHandlers,
  accountSchedules,
} from './accounts.jobs.js';
import { html, type ProfileSite, startProfileSite, testFetchPolicy } from './testing.js';

for (const engine of testEngines()) {
  describe(`accounts jobs on ${engine}`, () => {
    let t: TestDb;
    let site: ProfileSite;
    let accountId: string;
    const clock = fixedClock('2026-11-30T06:00:00Z');
    const logger = createLogger('silent');
    const handlers = accountJobHandlers({ policy: testFetchPolicy }, new CheckContextCache());

    beforeAll(async () => {
      t = await createTestDb(engine);
      site = await startProfileSite(({ base }) => ({
        '/blog': html(`<html><body><a href="${base}/aup">AUP</a></body></html>`),
      }));
      const school = await t.db
        .insertInto('schools')
        .values({
          name: 'Jobs Academy',
          official_email_domains: ['jobs.example'],
          aup_url: `${site.base}/aup`,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const staff = await t.db
        .insertInto('staff')
        .values({ email: 'blog.owner@jobs.example', given_name: 'Bea', family_name: 'Blog' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const account = await t.db
        .insertInto('accounts')
        .values({
          school_id: school.id,
          platform: 'other',
          handle: null,
          profile_url: `${site.base}/blog`,
          identity_key: 'web:blog.jobs.example',
          purpose_kind: 'course',
          purpose: 'Year 13 blog',
          linked_email: 'blog@jobs.example',
          audience: [],
          about_text: null,
          about_findings: '[]',
          attests_no_direct_messages: true,
          attests_aup_link: true,
          status: 'approved',
          created_by_staff_id: staff.id,
          submitted_at: null,
          approved_at: clock.now(),
          approved_by_staff_id: null,
          approval_expires_on: '2026-11-30',
          expiry_reminder_sent_for: null,
          aup_status: null,
          aup_checked_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      accountId = account.id;
      await t.db
        .insertInto('account_owners')
        .values({ account_id: accountId, staff_id: staff.id, is_primary: true })
        .execute();
    });
    afterAll(async () => {
      await site.close();
      await t.destroy();
    });

    it('registers its schedules and runs the weekly AUP re-check, then the daily expiry', async () => {
      await registerSchedules(t.db, accountSchedules, clock.now());
      const schedules = await t.db.selectFrom('job_schedules').select(['name', 'queue']).execute();
      expect(schedules.map((s) => s.queue)).toEqual(
        expect.arrayContaining([AUP_RECHECK_QUEUE, APPROVAL_EXPIRY_QUEUE]),
      );

      await enqueueJob(t.db, AUP_RECHECK_QUEUE, clock.now());
      expect(await runDueJobs({ db: t.db, clock, logger, handlers, workerId: 'test' })).toBe(1);
      const check = await t.db
        .selectFrom('account_aup_checks')
        .select(['result', 'trigger'])
        .executeTakeFirstOrThrow();
      expect(check).toEqual({ result: 'found', trigger: 'scheduled' });

      await enqueueJob(t.db, APPROVAL_EXPIRY_QUEUE, clock.now());
      expect(await runDueJobs({ db: t.db, clock, logger, handlers, workerId: 'test' })).toBe(1);
      const row = await t.db
        .selectFrom('accounts')
        .select('status')
        .where('id', '=', accountId)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('submitted');
      const failed = await t.db
        .selectFrom('jobs')
        .select(['queue', 'status'])
        .where('status', '!=', 'done')
        .execute();
      expect(failed).toEqual([]);
    });
  });
}
