import type { Generated, JSONColumnType, Selectable } from 'kysely';

export type JobStatus = 'queued' | 'running' | 'done' | 'dead';

export interface JobTable {
  id: Generated<string>;
  queue: string;
  payload: JSONColumnType<Record<string, unknown>>;
  run_at: Date;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  /** What went wrong last time, as the handler's error message: never personal or safeguarding content. */
  last_error: string | null;
  locked_by: string | null;
  locked_until: Date | null;
  status: Generated<JobStatus>;
  unique_key: string | null;
  created_at: Date;
  finished_at: Date | null;
}

export interface JobScheduleTable {
  name: string;
  queue: string;
  /** `every 15m` / `every 2h` / `every 1d`, or five cron fields `m h dom mon dow` read on London time. */
  spec: string;
  payload: JSONColumnType<Record<string, unknown>>;
  enabled: Generated<boolean>;
  next_run_at: Date;
  last_run_at: Date | null;
  created_at: Date;
}

export type JobRow = Selectable<JobTable>;
export type JobScheduleRow = Selectable<JobScheduleTable>;
