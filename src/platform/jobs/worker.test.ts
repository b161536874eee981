import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../audit/audit.js';
import { fixedClock } from '../clock.js';
import { createDb } from '../db/create-db.js';
import type { Db, DbExecutor } from '../db/database.js';
import { createTestDb, type TestDb, testEngines } from '../db/test-db.js';
import { createLogger } from '../logger.js';
import { enqueueJob } from './jobs.js';
import { claimJobs, findJob } from './jobs.repository.js';
import {
  backoffDelay,
  type JobHandler,
  JobLeaseLost,
  materialiseSchedules,
  registerSchedules,
  runDueJobs,
  startWorker,
} from './worker.js';

const logger = createLogger('silent');

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('backoffDelay', () => {
  it('doubles from 30 seconds and stops at an hour', () => {
    expect([1, 2, 3, 4].map(backoffDelay)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(backoffDelay(20)).toBe(3_600_000);
  });
});

for (const engine of testEngines()) {
  describe(`jobs on ${engine}`, () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await createTestDb(engine);
    });
    afterAll(async () => {
      await t.destroy();
    });

    it('runs a due job once and leaves a future one alone', async () => {
      const clock = fixedClock('2026-11-24T09:00:00Z');
      const seen: unknown[] = [];
      const handlers: Record<string, JobHandler> = {
        'test.once': async ({ job }) => {
          seen.push(job.payload.n);
        },
      };
      const now = await enqueueJob(t.db, 'test.once', clock.now(), { payload: { n: 1 } });
      const later = await enqueueJob(t.db, 'test.once', clock.now(), {
        payload: { n: 2 },
        runAt: new Date('2026-11-24T10:00:00Z'),
      });
      expect(await runDueJobs({ db: t.db, clock, logger, handlers, workerId: 'w' })).toBe(1);
      expect(await runDueJobs({ db: t.db, clock, logger, handlers, workerId: 'w' })).toBe(0);
      expect(seen).toEqual([1]);
      expect(await findJob(t.db, now ?? '')).toMatchObject({ status: 'done', attempts: 1, locked_by: null });
      clock.set('2026-11-24T10:00:00Z');
      await runDueJobs({ db: t.db, clock, logger, handlers, workerId: 'w' });
      expect(seen).toEqual([1, 2]);
      expect((await findJob(t.db, later ?? ''))?.status).toBe('done');
    });

    it('enqueues a keyed job only once', async () => {
      const at = new Date('2026-11-24T09:00:00Z');
      const first = await enqueueJob(t.db, 'test.keyed', at, { uniqueKey: 'reminder:1' });
      const second = await enqueueJob(t.db, 'test.keyed', at, { uniqueKey: 'reminder:1' });
      expect(first).toBeTypeOf('string');
      expect(second).toBeUndefined();
    });

    it('retries with exponential backoff, then buries the job with a scrubbed error', async () => {
      const clock = fixedClock('2026-11-24T09:00:00Z');
      const handlers: Record<string, JobHandler> = {
        'test.fails': async () => {
          throw new Error('550 mailbox unavailable for someone@school.example');
        },
      };
      const id = (await enqueueJob(t.db, 'test.fails', clock.now(), { maxAttempts: 3 })) ?? '';
      const run = () => runDueJobs({ db: t.db, clock, logger, handlers, workerId: 'w' });
      expect(await run()).toBe(1);
      let job = await findJob(t.db, id);
      expect(job).toMatchObject({ status: 'queued', attempts: 1 });
      expect(job?.run_at.toISOString()).toBe('2026-11-24T09:00:30.000Z');
      expect(job?.last_error).toBe('550 mailbox unavailable for [address]');
      clock.advance(29_000);
      expect(await run()).toBe(0);
      clock.advance(1_000);
      expect(await run()).toBe(1);
      job = await findJob(t.db, id);
      expect(job?.run_at.toISOString()).toBe('2026-11-24T09:01:30.000Z');
      clock.advance(60_000);
      expect(await run()).toBe(1);
      job = await findJob(t.db, id);
      expect(job).toMatchObject({ status: 'dead', attempts: 3 });
      expect(job?.finished_at?.toISOString()).toBe('2026-11-24T09:01:30.000Z');
      clock.advance(3_600_000);
      expect(await run()).toBe(0);
    });

    it('lets another worker take over a job whose lock expired', async () => {
      const clock = fixedClock('2026-11-24T09:00:00Z');
      const id = (await enqueueJob(t.db, 'test.abandoned', clock.now(), { maxAttempts: 2 })) ?? '';
      const first = await claimJobs(t.db, {
        queues: ['test.abandoned'],
        workerId: 'crashed',
        now: clock.now(),
        lockMs: 60_000,
        limit: 5,
      });
      expect(first.map((j) => j.id)).toEqual([id]);
      const ran: string[] = [];
      const handlers: Record<string, JobHandler> = {
        'test.abandoned': async ({ job }) => {
          ran.push(job.id);
        },
      };
      expect(await runDueJobs({ db: t.db, clock, logger, handlers, workerId: 'w2' })).toBe(0);
      clock.advance(61_000);
      expect(await runDueJobs({ db: t.db, clock, logger, handlers, workerId: 'w2' })).toBe(1);
      expect(ran).toEqual([id]);
      expect(await findJob(t.db, id)).toMatchObject({ status: 'done', attempts: 2 });
    });

    it('materialises a schedule once per slot, however often workers look', async () => {
      const clock = fixedClock('2026-11-24T09:10:00Z');
      const runs: string[] = [];
      const handlers: Record<string, JobHandler> = {
        'test.hourly': async () => {
          runs.push(clock.now().toISOString());
        },
      };
      await registerSchedules(
        t.db,
        [{ name: 'hourly-test', queue: 'test.hourly', spec: 'every 1h' }],
        clock.now(),
      );
      // Registering again (a restart) keeps the slot.
      await registerSchedules(
        t.db,
        [{ name: 'hourly-test', queue: 'test.hourly', spec: 'every 1h' }],
        clock.now(),
      );
      const run = () => runDueJobs({ db: t.db, clock, logger, handlers, workerId: 'w' });
      expect(await run()).toBe(0);
      clock.set('2026-11-24T10:00:00Z');
      expect(
        await Promise.all([materialiseSchedules(t.db, clock.now()), materialiseSchedules(t.db, clock.now())]),
      ).toSatisfy((counts: number[]) => counts[0]! + counts[1]! === 1);
      expect(await run()).toBe(1);
      expect(await run()).toBe(0);
      // Five missed slots collapse into one catch-up run.
      clock.set('2026-11-24T15:30:00Z');
      expect(await run()).toBe(1);
      expect(await run()).toBe(0);
      expect(runs).toEqual(['2026-11-24T10:00:00.000Z', '2026-11-24T15:30:00.000Z']);
      const schedule = await t.db
        .selectFrom('job_schedules')
        .selectAll()
        .where('name', '=', 'hourly-test')
        .executeTakeFirstOrThrow();
      expect(schedule.next_run_at.toISOString()).toBe('2026-11-24T16:00:00.000Z');
    });

    it("claims each job when its turn comes, so a slow batch's tail is not run by a second worker", async () => {
      const clock = fixedClock('2026-11-24T09:00:00Z');
      const runs: string[] = [];
      const ids: string[] = [];
      // Distinct due times, so the order of the batch is known.
      for (let i = 0; i < 3; i++)
        ids.push(
          (await enqueueJob(t.db, 'test.slow', clock.now(), {
            runAt: new Date(clock.now().getTime() - 3000 + i),
          })) ?? '',
        );
      const other: Record<string, JobHandler> = {
        'test.slow': async ({ job }) => {
          runs.push(`b:${job.id}`);
        },
      };
      let secondWorkerRan = 0;
      const handlers: Record<string, JobHandler> = {
        'test.slow': async ({ job }) => {
          runs.push(`a:${job.id}`);
          // Each job takes 40 s of a 60 s lease; two of them outlast a lease taken for the whole batch.
          clock.advance(40_000);
          if (job.id === ids[1]) {
            secondWorkerRan = await runDueJobs({
              db: t.db,
              clock,
              logger,
              handlers: other,
              workerId: 'b',
              lockMs: 60_000,
            });
          }
        },
      };
      await runDueJobs({ db: t.db, clock, logger, handlers, workerId: 'a', lockMs: 60_000, batchSize: 3 });
      // Worker b found the third job still waiting (not a lapsed claim of a's) and ran it; a did not.
      expect(secondWorkerRan).toBe(1);
      expect(runs).toEqual([`a:${ids[0]}`, `a:${ids[1]}`, `b:${ids[2]}`]);
      for (const id of ids) expect(await findJob(t.db, id)).toMatchObject({ status: 'done', attempts: 1 });
    });

    it('renews the lease of a job while it runs, so a long job is not taken over', async () => {
      const clock = fixedClock('2026-11-24T09:00:00Z');
      const id = (await enqueueJob(t.db, 'test.long', clock.now())) ?? '';
      const runs: string[] = [];
      let takenOver = -1;
      const leaseOf = async () => (await findJob(t.db, id))?.locked_until?.getTime() ?? 0;
      const handlers: Record<string, JobHandler> = {
        'test.long': async () => {
          runs.push('a');
          // 50 s in: the lease taken at the start (60 s) is renewed from now.
          clock.advance(50_000);
          const renewedTo = clock.now().getTime() + 60_000;
          await waitFor(async () => (await leaseOf()) >= renewedTo, 5_000);
          // 80 s in, past the first lease: another worker still finds the job held.
          clock.advance(30_000);
          takenOver = await runDueJobs({
            db: t.db,
            clock,
            logger,
            handlers: { 'test.long': async () => void runs.push('b') },
            workerId: 'b',
            lockMs: 60_000,
          });
        },
      };
      await runDueJobs({
        db: t.db,
        clock,
        logger,
        handlers,
        workerId: 'a',
        lockMs: 60_000,
        leaseRenewalMs: 20,
      });
      expect(takenOver).toBe(0);
      expect(runs).toEqual(['a']);
      expect(await findJob(t.db, id)).toMatchObject({ status: 'done', attempts: 1 });
    });

    /** How many times a job's database effect (an audit row about it) was made. */
    async function effectsOf(jobId: string): Promise<number> {
      const rows = await t.db
        .selectFrom('audit_events')
        .select('id')
        .where('subject_type', '=', 'school')
        .where('subject_id', '=', jobId)
        .execute();
      return rows.length;
    }

    function recordEffect(tx: DbExecutor, jobId: string) {
      return recordAudit(tx, {
        actor: { kind: 'system', label: 'test' },
        schoolId: null,
        event: {
          type: 'school.created',
          subject: { type: 'school', id: jobId },
          data: { name: 'x', demo: false },
        },
      });
    }

    it('does a database job exactly once when the process dies after its work committed', async () => {
      const clock = fixedClock('2026-11-24T09:00:00Z');
      const handlers: Record<string, JobHandler> = {
        'test.db_effect': async ({ job, completeInTransaction }) => {
          await completeInTransaction((tx) => recordEffect(tx, job.id));
          // The process dies here, before the worker would have recorded anything.
          throw new Error('process killed');
        },
        // The same work outside the job's transaction: at least once, so it is done again.
        'test.plain_effect': async ({ db, job }) => {
          await db.transaction().execute((tx) => recordEffect(tx, job.id));
          throw new Error('process killed');
        },
      };
      const exact = (await enqueueJob(t.db, 'test.db_effect', clock.now(), { maxAttempts: 3 })) ?? '';
      const plain = (await enqueueJob(t.db, 'test.plain_effect', clock.now(), { maxAttempts: 3 })) ?? '';
      const run = () => runDueJobs({ db: t.db, clock, logger, handlers, workerId: 'w' });
      expect(await run()).toBe(2);
      clock.advance(3_600_000);
      expect(await run()).toBe(1);
      clock.advance(3_600_000);
      expect(await run()).toBe(1);
      expect(await findJob(t.db, exact)).toMatchObject({ status: 'done', attempts: 1 });
      expect(await effectsOf(exact)).toBe(1);
      expect(await effectsOf(plain)).toBe(3);
    });

    it('rolls back the database work of a worker whose job was taken over', async () => {
      const clock = fixedClock('2026-11-24T09:00:00Z');
      const id = (await enqueueJob(t.db, 'test.taken_over', clock.now())) ?? '';
      const outcomes: string[] = [];
      const taker: Record<string, JobHandler> = {
        'test.taken_over': async ({ job, completeInTransaction }) => {
          await completeInTransaction((tx) => recordEffect(tx, job.id));
          outcomes.push('b done');
        },
      };
      const handlers: Record<string, JobHandler> = {
        'test.taken_over': async ({ job, completeInTransaction }) => {
          // Stalled past its lease: another worker takes the job over and finishes it first.
          clock.advance(61_000);
          await runDueJobs({ db: t.db, clock, logger, handlers: taker, workerId: 'b', lockMs: 60_000 });
          try {
            await completeInTransaction((tx) => recordEffect(tx, job.id));
            outcomes.push('a done');
          } catch (error) {
            outcomes.push(error instanceof JobLeaseLost ? 'a lost' : 'a failed');
            throw error;
          }
        },
      };
      await runDueJobs({ db: t.db, clock, logger, handlers, workerId: 'a', lockMs: 60_000 });
      expect(outcomes).toEqual(['b done', 'a lost']);
      expect(await effectsOf(id)).toBe(1);
      expect(await findJob(t.db, id)).toMatchObject({ status: 'done', attempts: 2 });
    });

    it('never runs one job on two workers at once', async () => {
      const clock = fixedClock('2026-11-24T09:00:00Z');
      const count = 40;
      for (let i = 0; i < count; i++) await enqueueJob(t.db, 'test.shared', clock.now(), { payload: { i } });
      // On PostgreSQL each worker has its own pool, as two server processes would.
      const second: Db = t.databaseUrl ? createDb({ databaseUrl: t.databaseUrl, poolSize: 2 }) : t.db;
      const runsByJob = new Map<string, string[]>();
      const handlerFor =
        (worker: string): JobHandler =>
        async ({ job }) => {
          runsByJob.set(job.id, [...(runsByJob.get(job.id) ?? []), worker]);
          await new Promise((resolve) => setTimeout(resolve, 5));
        };
      const workers = await Promise.all([
        startWorker({
          db: t.db,
          clock,
          logger,
          handlers: { 'test.shared': handlerFor('a') },
          pollIntervalMs: 10,
          batchSize: 3,
        }),
        startWorker({
          db: second,
          clock,
          logger,
          handlers: { 'test.shared': handlerFor('b') },
          pollIntervalMs: 10,
          batchSize: 3,
        }),
      ]);
      try {
        await waitFor(async () => {
          const left = await t.db
            .selectFrom('jobs')
            .select('id')
            .where('queue', '=', 'test.shared')
            .where('status', '!=', 'done')
            .execute();
          return left.length === 0;
        });
      } finally {
        await Promise.all(workers.map((w) => w.stop()));
        if (second !== t.db) await second.destroy();
      }
      expect(runsByJob.size).toBe(count);
      expect([...runsByJob.values()].every((ranOn) => ranOn.length === 1)).toBe(true);
      if (engine === 'postgres') {
        // Both took part: the point is sharing, not one worker doing it all.
        const workersUsed = new Set([...runsByJob.values()].flat());
        expect(workersUsed.size).toBe(2);
      }
    });
  });
}
