import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { DbExecutor } from '../db/database.js';

/**
 * Counters in the database, shared by every server process on it: the per-address limits of public routes
 * and the per-account lock-outs of sign-in and password reset. A counter's window starts at its first hit
 * and restarts at the first hit after it ends; a counter given `lockAfter` is held for a cool-down from the
 * hit that reaches it.
 */
export interface CounterState {
  hits: number;
  expiresAt: Date;
}

export interface CounterId {
  scope: string;
  key: string;
}

/** A counter key from what is counted (an address, an email…): hashed, so the table holds no personal data. */
export function counterKey(...parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('hex');
}

/** Whether a counter refuses further attempts: it reached `limit` and its window or cool-down is running. */
export function isOverLimit(state: CounterState | undefined, limit: number, now: Date): boolean {
  return state !== undefined && state.hits >= limit && state.expiresAt.getTime() > now.getTime();
}

/** Whole minutes until the counter frees up again, at least one. */
export function minutesLeft(state: CounterState, now: Date): number {
  return Math.max(1, Math.ceil((state.expiresAt.getTime() - now.getTime()) / 60_000));
}

// Beyond any real count: a counter without lockAfter is never held past its window.
const NEVER = 2_147_483_647;

/**
 * Counts one hit, in one statement (one round trip, atomic under concurrency): returns the hits in the
 * window, this one included, and when the window (or cool-down) ends.
 */
export async function hitCounter(
  db: DbExecutor,
  input: CounterId & { now: Date; windowMs: number; lockAfter?: number; lockMs?: number },
): Promise<CounterState> {
  const { scope, key, now } = input;
  const lockAfter = input.lockAfter ?? NEVER;
  const windowEnd = new Date(now.getTime() + input.windowMs);
  const lockEnd = new Date(now.getTime() + (input.lockMs ?? input.windowMs));
  const firstEnd = lockAfter <= 1 ? lockEnd : windowEnd;
  const result = await sql<{ hits: number; expires_at: Date | string }>`
    insert into rate_limit_counters as c (scope, key, window_start, hits, expires_at)
    values (${scope}, ${key}, ${now}, 1, ${firstEnd})
    on conflict (scope, key) do update set
      hits = case when c.expires_at <= ${now} then 1 else c.hits + 1 end,
      window_start = case when c.expires_at <= ${now} then ${now} else c.window_start end,
      expires_at = case
        when c.expires_at <= ${now} then ${firstEnd}
        when c.hits + 1 >= ${lockAfter} then ${lockEnd}
        else c.expires_at
      end
    returning hits, expires_at`.execute(db);
  const row = result.rows[0];
  if (!row) throw new Error('rate limit counter upsert returned no row');
  return { hits: Number(row.hits), expiresAt: new Date(row.expires_at) };
}

/** The live state of several counters in one query; expired or missing ones are absent from the map. */
export async function readCounters(
  db: DbExecutor,
  ids: readonly CounterId[],
  now: Date,
): Promise<Map<string, CounterState>> {
  const states = new Map<string, CounterState>();
  if (ids.length === 0) return states;
  const rows = await db
    .selectFrom('rate_limit_counters')
    .select(['scope', 'key', 'hits', 'expires_at'])
    .where((eb) => eb.or(ids.map((id) => eb.and([eb('scope', '=', id.scope), eb('key', '=', id.key)]))))
    .where('expires_at', '>', now)
    .execute();
  for (const row of rows) {
    states.set(`${row.scope}\n${row.key}`, { hits: Number(row.hits), expiresAt: new Date(row.expires_at) });
  }
  return states;
}

/** The state of one counter from what `readCounters` returned. */
export function stateOf(states: Map<string, CounterState>, id: CounterId): CounterState | undefined {
  return states.get(`${id.scope}\n${id.key}`);
}

/** Forgets counters of one scope whose key starts with `keyPrefix` (one key, or all keys sharing a prefix). */
export async function clearCounters(db: DbExecutor, scope: string, keyPrefix: string): Promise<void> {
  await db
    .deleteFrom('rate_limit_counters')
    .where('scope', '=', scope)
    .where('key', 'like', `${keyPrefix}%`)
    .execute();
}

/** Deletes counters whose window and cool-down are over; returns how many. */
export async function sweepExpiredCounters(db: DbExecutor, now: Date): Promise<number> {
  const result = await db.deleteFrom('rate_limit_counters').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
