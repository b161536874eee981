import { sql } from 'kysely';
import type { DbExecutor } from '../db/database.js';
import type { JobRow, JobScheduleRow } from './jobs.table.js';

export interface EnqueueJobInput {
  queue: string;
  payload?: Record<string, unknown>;
  /** When the job may run first; now when absent. */
  runAt: Date;
  maxAttempts?: number;
  /** A job with a key is enqueued at most once, ever: a second insert with the same key does nothing. */
  uniqueKey?: string;
  now: Date;
}

/** Adds a job; returns its id, or undefined when a job with the same unique key already exists. */
export async function insertJob(db: DbExecutor, input: EnqueueJobInput): Promise<string | undefined> {
  const row = await db
    .insertInto('jobs')
    .values({
      queue: input.queue,
      payload: JSON.stringify(input.payload ?? {}),
      run_at: input.runAt,
      ...(input.maxAttempts === undefined ? {} : { max_attempts: input.maxAttempts }),
      unique_key: input.uniqueKey ?? null,
      last_error: null,
      locked_by: null,
      locked_until: null,
      created_at: input.now,
      finished_at: null,
    })
    .onConflict((oc) => oc.column('unique_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/**
 * Claims up to `limit` runnable jobs for one worker. `FOR UPDATE SKIP LOCKED` lets several workers on one
 * PostgreSQL claim side by side without waiting for or double-claiming each other's rows; a running job
 * whose lock expired (its worker died) is claimable again. The claim counts as an attempt.
 */
export async function claimJobs(
  db: DbExecutor,
  input: { queues: readonly string[]; workerId: string; now: Date; lockMs: number; limit: number },
): Promise<JobRow[]> {
  if (input.queues.length === 0) return [];
  const lockedUntil = new Date(input.now.getTime() + input.lockMs);
  return db
    .updateTable('jobs')
    .set((eb) => ({
      status: 'running',
      locked_by: input.workerId,
      locked_until: lockedUntil,
      attempts: eb('attempts', '+', 1),
    }))
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('jobs')
        .select('id')
        .where('queue', 'in', [...input.queues])
        .where('attempts', '<', eb.ref('max_attempts'))
        .where((w) =>
          w.or([
            w.and([w('status', '=', 'queued'), w('run_at', '<=', input.now)]),
            w.and([w('status', '=', 'running'), w('locked_until', '<', input.now)]),
          ]),
        )
        .orderBy('run_at')
        .orderBy('id')
        .limit(input.limit)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
}

/** A running job whose worker died after its last attempt will not be retried: it is dead. */
export async function buryAbandonedJobs(db: DbExecutor, now: Date): Promise<number> {
  const result = await db
    .updateTable('jobs')
    .set({
      status: 'dead',
      finished_at: now,
      locked_by: null,
      locked_until: null,
      last_error: sql<string>`coalesce(last_error, 'worker stopped during the last attempt')`,
    })
    .where('status', '=', 'running')
    .where('locked_until', '<', now)
    .where((eb) => eb('attempts', '>=', eb.ref('max_attempts')))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Marks a job done if this worker still holds it. False when another worker took it over (its lease ran
 * out) or it is already finished: inside a handler's transaction, that means roll the work back.
 */
export async function markJobDone(db: DbExecutor, id: string, workerId: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ status: 'done', finished_at: now, locked_by: null, locked_until: null })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where('locked_by', '=', workerId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Extends this worker's lease on a running job, so a long job is not taken over while it still runs. */
export async function renewJobLease(
  db: DbExecutor,
  input: { id: string; workerId: string; lockedUntil: Date },
): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ locked_until: input.lockedUntil })
    .where('id', '=', input.id)
    .where('status', '=', 'running')
    .where('locked_by', '=', input.workerId)
    .execute();
}

/** Puts a failed job back in the queue for `retryAt`, or buries it when it has no attempts left. */
export async function markJobFailed(
  db: DbExecutor,
  input: { id: string; workerId: string; now: Date; error: string; retryAt: Date | null },
): Promise<void> {
  await db
    .updateTable('jobs')
    .set(
      input.retryAt === null
        ? {
            status: 'dead',
            finished_at: input.now,
            last_error: input.error,
            locked_by: null,
            locked_until: null,
          }
        : {
            status: 'queued',
            run_at: input.retryAt,
            last_error: input.error,
            locked_by: null,
            locked_until: null,
          },
    )
    .where('id', '=', input.id)
    .where('locked_by', '=', input.workerId)
    .execute();
}

export async function findJob(db: DbExecutor, id: string): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function upsertScheduleRow(
  db: DbExecutor,
  input: {
    name: string;
    queue: string;
    spec: string;
    payload: Record<string, unknown>;
    nextRunAt: Date;
    now: Date;
  },
): Promise<void> {
  await db
    .insertInto('job_schedules')
    .values({
      name: input.name,
      queue: input.queue,
      spec: input.spec,
      payload: JSON.stringify(input.payload),
      next_run_at: input.nextRunAt,
      last_run_at: null,
      created_at: input.now,
    })
    .onConflict((oc) =>
      oc.column('name').doUpdateSet((eb) => ({
        queue: eb.ref('excluded.queue'),
        payload: eb.ref('excluded.payload'),
        // A changed spec starts again from its next slot; an unchanged one keeps its place.
        next_run_at: sql<Date>`case when job_schedules.spec = excluded.spec then job_schedules.next_run_at else excluded.next_run_at end`,
        spec: eb.ref('excluded.spec'),
      })),
    )
    .execute();
}

/** Due schedules, locked for this transaction so two workers never materialise the same one. */
export async function lockDueSchedules(db: DbExecutor, now: Date): Promise<JobScheduleRow[]> {
  return db
    .selectFrom('job_schedules')
    .selectAll()
    .where('enabled', '=', true)
    .where('next_run_at', '<=', now)
    .orderBy('name')
    .forUpdate()
    .skipLocked()
    .execute();
}

export async function advanceSchedule(
  db: DbExecutor,
  input: { name: string; ranAt: Date; nextRunAt: Date },
): Promise<void> {
  await db
    .updateTable('job_schedules')
    .set({ last_run_at: input.ranAt, next_run_at: input.nextRunAt })
    .where('name', '=', input.name)
    .execute();
}
