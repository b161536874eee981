import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Transaction } from 'kysely';
import type { Clock } from '../clock.js';
import type { Database, Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import {
  advanceSchedule,
  buryAbandonedJobs,
  claimJobs,
  insertJob,
  lockDueSchedules,
  markJobDone,
  markJobFailed,
  renewJobLease,
  upsertScheduleRow,
} from './jobs.repository.js';
import type { JobRow } from './jobs.table.js';
import { nextRunAfter, parseScheduleSpec } from './schedule-spec.js';

export interface JobContext {
  db: Db;
  clock: Clock;
  logger: Logger;
  job: {
    id: string;
    queue: string;
    payload: Record<string, unknown>;
    /** 1 on the first try. */
    attempt: number;
    maxAttempts: number;
  };
  /**
   * For a job whose effect is in the database: runs `work` in one transaction that also marks this job
   * done, so the effect and the record that the job ran commit together or not at all. A worker that dies
   * after the commit leaves the job done (it never runs again); one that lost its lease to another worker
   * rolls its work back (`JobLeaseLost`). Inside `work`, use only `tx`. Call it once per job.
   */
  completeInTransaction<T>(work: (tx: Transaction<Database>) => Promise<T>): Promise<T>;
}

/** The job was taken over by another worker (this one's lease ran out): its work here was rolled back. */
export class JobLeaseLost extends Error {
  constructor(jobId: string) {
    super(`job ${jobId} is no longer held by this worker`);
    this.name = 'JobLeaseLost';
  }
}

/**
 * Does one job. Throwing means "try again later" (or dead after the last attempt); the error message is
 * stored on the job, so it must name what failed, never whom or what about. A job whose effect is in the
 * database should do it through `completeInTransaction`, and then runs exactly once as far as the
 * database can tell. Any other job (an email, a file, a call out) runs at least once: a worker that dies
 * after the work but before recording it runs the job again, so such handlers are idempotent.
 */
export type JobHandler = (ctx: JobContext) => Promise<void>;

export interface ScheduleDefinition {
  name: string;
  queue: string;
  /** See schedule-spec.ts: `every 15m` or `m h dom mon dow` (London time). */
  spec: string;
  payload?: Record<string, unknown>;
}

const BACKOFF_BASE_MS = 30_000;
const BACKOFF_CAP_MS = 3_600_000;

/** Wait before the next try after `attempts` failed ones: 30 s, 1 min, 2 min … capped at an hour. */
export function backoffDelay(attempts: number): number {
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
}

// A safety net: handlers should not put addresses in errors, but SMTP servers echo them back.
function sanitiseError(error: unknown): string {
  const message = error instanceof Error ? error.message : 'the handler failed without an error message';
  return message.replace(/[^\s@<>"]+@[^\s@<>"]+/g, '[address]').slice(0, 500);
}

/** Saves schedules (by name); an unchanged spec keeps its next slot, a changed one starts afresh. */
export async function registerSchedules(
  db: Db,
  schedules: readonly ScheduleDefinition[],
  now: Date,
): Promise<void> {
  for (const schedule of schedules) {
    const spec = parseScheduleSpec(schedule.spec);
    await upsertScheduleRow(db, {
      name: schedule.name,
      queue: schedule.queue,
      spec: schedule.spec,
      payload: schedule.payload ?? {},
      nextRunAt: nextRunAfter(spec, now),
      now,
    });
  }
}

/**
 * Turns due schedules into jobs. The unique key (schedule name and slot) means a slot becomes a job once
 * however many workers race for it; slots missed while nothing ran collapse into one catch-up run.
 */
export async function materialiseSchedules(db: Db, now: Date): Promise<number> {
  return db.transaction().execute(async (tx) => {
    let created = 0;
    for (const schedule of await lockDueSchedules(tx, now)) {
      const id = await insertJob(tx, {
        queue: schedule.queue,
        payload: schedule.payload,
        runAt: schedule.next_run_at,
        uniqueKey: `schedule:${schedule.name}:${schedule.next_run_at.toISOString()}`,
        now,
      });
      if (id) created++;
      await advanceSchedule(tx, {
        name: schedule.name,
        ranAt: now,
        nextRunAt: nextRunAfter(parseScheduleSpec(schedule.spec), now),
      });
    }
    return created;
  });
}

export interface RunJobsOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  handlers: Readonly<Record<string, JobHandler>>;
  workerId: string;
  batchSize?: number;
  /** How long a claim lasts before another worker may take the job over. */
  lockMs?: number;
  /** How often a running job's lease is renewed; a third of `lockMs` (at least a second) by default. */
  leaseRenewalMs?: number;
}

/**
 * One pass: materialise schedules, then claim and run due jobs one at a time, up to the batch size.
 * Each job is claimed only when its turn comes, so its lease starts then: a slow job early in a pass
 * cannot let the lease of jobs still waiting run out (another worker would run them too). While a
 * handler runs, its lease is renewed. Returns how many jobs ran.
 */
export async function runDueJobs(options: RunJobsOptions): Promise<number> {
  const { db, clock, workerId } = options;
  await materialiseSchedules(db, clock.now());
  await buryAbandonedJobs(db, clock.now());
  const limit = options.batchSize ?? 10;
  let ran = 0;
  while (ran < limit) {
    const [job] = await claimJobs(db, {
      queues: Object.keys(options.handlers),
      workerId,
      now: clock.now(),
      lockMs: options.lockMs ?? DEFAULT_LOCK_MS,
      limit: 1,
    });
    if (!job) break;
    ran++;
    await runClaimedJob(options, job);
  }
  return ran;
}

const DEFAULT_LOCK_MS = 5 * 60_000;

async function runClaimedJob(options: RunJobsOptions, job: JobRow): Promise<void> {
  const { db, clock, logger, handlers, workerId } = options;
  const lockMs = options.lockMs ?? DEFAULT_LOCK_MS;
  const handler = handlers[job.queue];
  let completed = false;
  const completeInTransaction = async <T>(work: (tx: Transaction<Database>) => Promise<T>): Promise<T> => {
    if (completed) throw new Error(`job ${job.id} was already completed`);
    const result = await db.transaction().execute(async (tx) => {
      // First, so the job row stays locked for the whole transaction: no other worker can claim it meanwhile.
      if (!(await markJobDone(tx, job.id, workerId, clock.now()))) throw new JobLeaseLost(job.id);
      return work(tx);
    });
    completed = true;
    return result;
  };
  const renewal = setInterval(
    () => {
      renewJobLease(db, {
        id: job.id,
        workerId,
        lockedUntil: new Date(clock.now().getTime() + lockMs),
      }).catch((error: unknown) => logger.warn({ err: error, jobId: job.id }, 'job lease renewal failed'));
    },
    options.leaseRenewalMs ?? Math.max(1000, lockMs / 3),
  );
  renewal.unref();
  try {
    if (!handler) throw new Error(`no handler for queue ${job.queue}`);
    await handler({
      db,
      clock,
      logger,
      job: {
        id: job.id,
        queue: job.queue,
        payload: job.payload,
        attempt: job.attempts,
        maxAttempts: job.max_attempts,
      },
      completeInTransaction,
    });
    if (!completed && !(await markJobDone(db, job.id, workerId, clock.now()))) {
      // At least once: another worker took the job over (this one stalled past its lease) and runs it too.
      logger.warn(
        { jobId: job.id, queue: job.queue, workerId },
        'job finished after another worker took it over',
      );
      return;
    }
    logger.debug({ jobId: job.id, queue: job.queue, attempt: job.attempts, workerId }, 'job done');
  } catch (error) {
    const message = sanitiseError(error);
    if (completed) {
      // The work committed and the job is done; what failed afterwards cannot undo it.
      logger.warn({ jobId: job.id, queue: job.queue, error: message }, 'job failed after completing');
      return;
    }
    const now = clock.now();
    const last = job.attempts >= job.max_attempts;
    await markJobFailed(db, {
      id: job.id,
      workerId,
      now,
      error: message,
      retryAt: last ? null : new Date(now.getTime() + backoffDelay(job.attempts)),
    });
    logger.warn(
      { jobId: job.id, queue: job.queue, attempt: job.attempts, dead: last, error: message },
      'job failed',
    );
  } finally {
    clearInterval(renewal);
  }
}

export interface Worker {
  readonly id: string;
  /** Stops polling and waits for the jobs in hand to finish. */
  stop(): Promise<void>;
}

export interface WorkerOptions extends Omit<RunJobsOptions, 'workerId'> {
  schedules?: readonly ScheduleDefinition[];
  pollIntervalMs?: number;
  workerId?: string;
}

/**
 * Starts a poll loop: run due jobs, and sleep only when there were none. Several workers, in one process
 * or many, may share one PostgreSQL; claims never overlap.
 */
export async function startWorker(options: WorkerOptions): Promise<Worker> {
  const id = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  if (options.schedules) await registerSchedules(options.db, options.schedules, options.clock.now());
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  let stopping = false;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!stopping) {
      let ran = 0;
      try {
        ran = await runDueJobs({ ...options, workerId: id });
      } catch (error) {
        options.logger.error({ err: error, workerId: id }, 'job worker pass failed');
      }
      if (ran > 0 || stopping) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollIntervalMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  })();
  return {
    id,
    async stop() {
      stopping = true;
      wake?.();
      await loop;
    },
  };
}
