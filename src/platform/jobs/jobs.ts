import type { DbExecutor } from '../db/database.js';
import { insertJob } from './jobs.repository.js';

export interface EnqueueOptions {
  payload?: Record<string, unknown>;
  /** Earliest time to run; `now` when absent. */
  runAt?: Date;
  maxAttempts?: number;
  /** Enqueue at most once, ever, for this key (e.g. one reminder per person per policy version). */
  uniqueKey?: string;
}

/**
 * Adds a job inside the caller's transaction, so the job exists exactly when the change that asked for it
 * commits. Returns the job id, or undefined when the unique key was already used.
 */
export async function enqueueJob(
  db: DbExecutor,
  queue: string,
  now: Date,
  options: EnqueueOptions = {},
): Promise<string | undefined> {
  return insertJob(db, {
    queue,
    now,
    runAt: options.runAt ?? now,
    ...(options.payload === undefined ? {} : { payload: options.payload }),
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
    ...(options.uniqueKey === undefined ? {} : { uniqueKey: options.uniqueKey }),
  });
}
