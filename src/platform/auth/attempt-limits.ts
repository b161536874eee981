import { recordAudit } from '../audit/audit.js';
import type { Db, DbExecutor } from '../db/database.js';
import { rateLimited } from '../errors.js';
import {
  type CounterId,
  type CounterState,
  clearCounters,
  counterKey,
  hitCounter,
  isOverLimit,
  minutesLeft,
  readCounters,
  stateOf,
} from '../rate-limit/counters.js';
import type { Actor } from './roles.js';

/**
 * One mechanism for every guess at a credential (password, authenticator code, recovery code) and for
 * reset emails: counters in the database, kept per account whatever address the attempts come from (so a
 * new address per request gains nothing) and per account and address (so one address is stopped sooner,
 * before it can lock the account for its owner).
 */
export const ADDRESS_LOCK_FAILURES = 5;
export const ACCOUNT_LOCK_FAILURES = 10;
export const LOCK_WINDOW_MINUTES = 15;
export const RESET_EMAILS_PER_ACCOUNT = 3;
export const RESET_WINDOW_MINUTES = 15;

const WINDOW_MS = LOCK_WINDOW_MINUTES * 60_000;
const RESET_WINDOW_MS = RESET_WINDOW_MINUTES * 60_000;

const SCOPE_ACCOUNT = 'auth.failures.account';
const SCOPE_ADDRESS = 'auth.failures.address';
const SCOPE_RESET = 'auth.reset.account';

const guardActor: Actor = { kind: 'system', label: 'attempt-limits' };

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function accountCounter(email: string): CounterId {
  return { scope: SCOPE_ACCOUNT, key: counterKey(normaliseEmail(email)) };
}

// The account's hash first, so a password reset can clear this account's counters from every address.
function addressCounter(email: string, ip: string): CounterId {
  return { scope: SCOPE_ADDRESS, key: `${counterKey(normaliseEmail(email))}.${counterKey(ip)}` };
}

function inMinutes(state: CounterState, now: Date): string {
  const minutes = minutesLeft(state, now);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/** The account a failure belongs to, when it exists, for the audit event of a lock-out. */
export interface LockAuditTarget {
  staffId: string;
  schoolId: string;
}

/**
 * Refuses before any credential is checked when the account, or the account from this address, has had
 * too many failures: the right password does not get in during a lock-out. One query.
 */
export async function ensureAttemptAllowed(
  db: DbExecutor,
  input: { email: string; ip: string },
  now: Date,
): Promise<void> {
  const account = accountCounter(input.email);
  const address = addressCounter(input.email, input.ip);
  const states = await readCounters(db, [account, address], now);
  const accountState = stateOf(states, account);
  if (accountState && isOverLimit(accountState, ACCOUNT_LOCK_FAILURES, now)) {
    throw rateLimited(
      'AccountLocked',
      `too many attempts for this account: try again in ${inMinutes(accountState, now)} or reset your password`,
    );
  }
  const addressState = stateOf(states, address);
  if (addressState && isOverLimit(addressState, ADDRESS_LOCK_FAILURES, now)) {
    throw rateLimited(
      'TooManyAttempts',
      `too many failed sign-ins: try again in ${inMinutes(addressState, now)} or reset your password`,
    );
  }
}

/**
 * Counts a failed password or code against the account and the account from this address. The failure
 * that locks the account is audited in its school (unknown emails are counted alike, so a lock-out says
 * nothing about whether an account exists, but leave no audit row: there is no school to keep it in).
 */
export async function recordFailedAttempt(
  db: Db,
  input: { email: string; ip: string; kind: 'password' | 'second_factor'; account?: LockAuditTarget },
  now: Date,
): Promise<void> {
  const lock = { now, windowMs: WINDOW_MS };
  await db.transaction().execute(async (tx) => {
    await hitCounter(tx, {
      ...addressCounter(input.email, input.ip),
      ...lock,
      lockAfter: ADDRESS_LOCK_FAILURES,
    });
    const account = await hitCounter(tx, {
      ...accountCounter(input.email),
      ...lock,
      lockAfter: ACCOUNT_LOCK_FAILURES,
    });
    if (account.hits === ACCOUNT_LOCK_FAILURES && input.account) {
      await auditLock(tx, input.account, account, input.kind, now);
    }
  });
}

async function auditLock(
  db: DbExecutor,
  target: LockAuditTarget,
  state: CounterState,
  kind: 'password' | 'second_factor',
  now: Date,
): Promise<void> {
  await recordAudit(db, {
    actor: guardActor,
    schoolId: target.schoolId,
    at: now,
    event: {
      type: 'auth.account_locked',
      subject: { type: 'staff', id: target.staffId },
      data: { failures: state.hits, lastFailure: kind, until: state.expiresAt.toISOString() },
    },
  });
}

/** After a good sign-in: this address's failures for the account are forgotten (the account's count stays). */
export async function clearAddressFailures(
  db: DbExecutor,
  input: { email: string; ip: string },
): Promise<void> {
  const address = addressCounter(input.email, input.ip);
  await clearCounters(db, address.scope, address.key);
}

/** After a password reset: the account is unlocked, from every address. */
export async function clearAccountFailures(db: DbExecutor, email: string): Promise<void> {
  const account = accountCounter(email);
  await clearCounters(db, account.scope, account.key);
  await clearCounters(db, SCOPE_ADDRESS, `${account.key}.`);
}

/**
 * Counts a reset email for an account and says whether it may be sent: at most RESET_EMAILS_PER_ACCOUNT in
 * RESET_WINDOW_MINUTES, from whatever addresses. The first refusal of a window is audited. The caller answers
 * alike either way, so the limit reveals nothing about the account.
 */
export async function allowResetEmail(
  db: DbExecutor,
  input: { email: string; account: LockAuditTarget },
  now: Date,
): Promise<boolean> {
  const state = await hitCounter(db, {
    scope: SCOPE_RESET,
    key: counterKey(normaliseEmail(input.email)),
    now,
    windowMs: RESET_WINDOW_MS,
  });
  if (state.hits <= RESET_EMAILS_PER_ACCOUNT) return true;
  if (state.hits === RESET_EMAILS_PER_ACCOUNT + 1) {
    await recordAudit(db, {
      actor: guardActor,
      schoolId: input.account.schoolId,
      at: now,
      event: {
        type: 'auth.password_reset_limited',
        subject: { type: 'staff', id: input.account.staffId },
        data: { limit: RESET_EMAILS_PER_ACCOUNT, until: state.expiresAt.toISOString() },
      },
    });
  }
  return false;
}
