import type { DbExecutor } from '../platform/db/database.js';
import { rateLimited } from '../platform/errors.js';
import { counterKey, hitCounter, minutesLeft } from '../platform/rate-limit/counters.js';

/**
 * How often one member of staff may ask the follower check's questions in an hour. Each answer says which
 * keyed hashes are someone on the roster, so without a limit a member of staff could probe the roster with
 * guesses; a real check needs one start and a request per 20,000 hashes (two or three for a big list).
 */
export const selfAuditHourlyLimits = {
  /** Fresh HMAC keys (a new key starts a new per-key budget of hashes). */
  session: 10,
  /** Requests of up to MAX_HASHES_PER_REQUEST hashes each. */
  match: 40,
  /** Public follower lists fetched by the server for a handle (Mastodon). */
  public_followers: 10,
} as const;

export type SelfAuditAllowance = keyof typeof selfAuditHourlyLimits;

const HOUR_MS = 60 * 60 * 1000;

const what: Record<SelfAuditAllowance, string> = {
  session: 'started the follower check',
  match: 'asked the follower check',
  public_followers: 'fetched a public follower list',
};

/**
 * Counts one use against the member of staff's hourly allowance (rate_limit_counters, shared by every server
 * process), refusing with a 429 and a plain sentence once it is spent. Call it outside the use case's
 * transaction, so a refused request still counts.
 */
export async function spendSelfAuditAllowance(
  db: DbExecutor,
  kind: SelfAuditAllowance,
  staffId: string,
  now: Date,
): Promise<void> {
  const limit = selfAuditHourlyLimits[kind];
  const state = await hitCounter(db, {
    scope: `staff_use.${kind}`,
    key: counterKey(staffId),
    now,
    windowMs: HOUR_MS,
  });
  if (state.hits > limit) {
    const minutes = minutesLeft(state, now);
    throw rateLimited(
      'SelfAuditRateLimited',
      `You have ${what[kind]} ${limit} times in the last hour, the most it allows, so that no one can probe the school’s roster with guesses. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    );
  }
}
