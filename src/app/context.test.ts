import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSENT_LAPSE_QUEUE } from '../consent/consent.jobs.js';
import { recordConsent } from '../consent/record-consent.js';
import { buildConsentFamily } from '../consent/testing.js';
import { signInAs, type TestSignIn } from '../platform/auth/test-session.js';
import { fixedClock } from '../platform/clock.js';
import type { Db } from '../platform/db/database.js';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import { enqueueJob } from '../platform/jobs/jobs.js';
import { runDueJobs } from '../platform/jobs/worker.js';
import { createLogger } from '../platform/logger.js';
import { buildPostingAccount } from '../posts/testing.js';
import { testConfig } from '../server/test-app.js';
import { type AppContext, createAppContext } from './context.js';

/** A published post featuring the pupil, as the publish use case archives it. */
async function publishedFeaturing(
  db: Db,
  input: { schoolId: string; accountId: string; authorId: string; pupilId: string; at: Date },
): Promise<string> {
  const post = await db
    .insertInto('posts')
    .values({
      school_id: input.schoolId,
      account_id: input.accountId,
      author_staff_id: input.authorId,
      text: 'Sports day.',
      links: '[]',
      tagged_pupil_ids: JSON.stringify([input.pupilId]),
      no_identifiable_pupils: false,
      revision: 1,
      status: 'published',
      verdict: 'pass',
      findings: '[]',
      checked_at: input.at,
      created_at: input.at,
      updated_at: input.at,
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
      published_at: input.at,
      published_url: `https://x.com/posts_job/status/${post.id.slice(0, 8)}`,
      text: 'Sports day.',
      links: '[]',
      photos: '[]',
      tagged_pupil_ids: JSON.stringify([input.pupilId]),
      tagged_pupils: '[]',
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

// The takedown tasks are a reaction the composition root wires into the consent register, not a listener
// the HTTP routes subscribe: a process built from the context alone, with no route registered (a
// `guardpost worker`, a CLI command), opens them exactly as a server does.
for (const engine of testEngines()) {
  describe(`a process with jobs and no routes, on ${engine}`, () => {
    let t: TestDb;
    let ctx: AppContext;
    let head: TestSignIn;
    let schoolId: string;
    let accountId: string;
    const clock = fixedClock('2026-11-24T09:00:00Z');

    beforeAll(async () => {
      t = await createTestDb(engine);
      ctx = createAppContext(testConfig, {
        db: t.db,
        dbEngine: engine,
        logger: createLogger('silent'),
        clock,
      });
      schoolId = (
        await t.db
          .insertInto('schools')
          .values({ name: 'Job Only School', official_email_domains: ['job-only.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      head = await signInAs(t.db, { schoolId, roles: ['headteacher'], now: clock.now() });
      accountId = await buildPostingAccount(t.db, { schoolId, ownerIds: [head.actor.staffId], key: 'job' });
    });
    afterAll(async () => {
      await ctx.close();
      await t.destroy();
    });

    const decide = (
      family: { pupilId: string; carerId: string },
      state: 'granted' | 'withdrawn',
      givenOn: string,
      expiresOn?: string,
    ) =>
      recordConsent(
        ctx.db,
        head.actor,
        {
          schoolId,
          pupilId: family.pupilId,
          carerId: family.carerId,
          purpose: 'social_media',
          state,
          evidenceReference: `FORM-JOB-${state}`,
          givenOn,
          ...(expiresOn ? { expiresOn } : {}),
          today: clock.today(),
        },
        clock.now(),
        ctx.consent,
      );

    const tasksFor = (pupilId: string) =>
      t.db
        .selectFrom('post_takedown_tasks')
        .select(['archive_id', 'reason'])
        .where('school_id', '=', schoolId)
        .where('pupil_id', '=', pupilId)
        .execute();

    it('opens a takedown task when a featured pupil’s consent is withdrawn', async () => {
      const family = await buildConsentFamily(t.db, { schoolId, key: 'JW' });
      await decide(family, 'granted', '2026-10-01');
      const archiveId = await publishedFeaturing(t.db, {
        schoolId,
        accountId,
        authorId: head.actor.staffId,
        pupilId: family.pupilId,
        at: new Date('2026-11-01T10:00:00Z'),
      });
      await decide(family, 'withdrawn', '2026-11-24');
      expect(await tasksFor(family.pupilId)).toEqual([{ archive_id: archiveId, reason: 'withdrawn' }]);
    });

    it('opens one when the worker’s lapse sweep finds the grant expired', async () => {
      const family = await buildConsentFamily(t.db, { schoolId, key: 'JE' });
      await decide(family, 'granted', '2026-10-01', '2026-11-30');
      const archiveId = await publishedFeaturing(t.db, {
        schoolId,
        accountId,
        authorId: head.actor.staffId,
        pupilId: family.pupilId,
        at: new Date('2026-11-02T10:00:00Z'),
      });
      // The night after the grant ran out, as its schedule would run it.
      clock.set('2026-12-01T00:30:00Z');
      const jobId = await enqueueJob(t.db, CONSENT_LAPSE_QUEUE, clock.now());
      // The takedown emails queued by the first test are due too: the worker runs them in the same pass.
      await runDueJobs({
        db: ctx.db,
        clock: ctx.clock,
        logger: ctx.logger,
        handlers: ctx.jobs.handlers,
        workerId: 'job-only-test',
      });
      const job = await t.db
        .selectFrom('jobs')
        .select('status')
        .where('id', '=', jobId ?? '')
        .executeTakeFirstOrThrow();
      expect(job.status).toBe('done');
      expect(await tasksFor(family.pupilId)).toEqual([{ archive_id: archiveId, reason: 'expired' }]);
    });

    it('shares one check context cache and one keyring between the routes, the jobs and the posts', () => {
      expect(ctx.posts.contexts).toBe(ctx.checkContexts);
      expect(ctx.posts.keyring).toBe(ctx.keyring);
      expect(ctx.jobs).toBe(ctx.jobs);
    });
  });
}
