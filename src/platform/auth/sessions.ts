import { createHash, randomBytes } from 'node:crypto';
import type { DbExecutor } from '../db/database.js';
import { type Actor, isRole, type Role } from './roles.js';

export const SESSION_COOKIE = 'gp_session';

export interface SessionPolicy {
  /** A session unused for this long ends. */
  idleMinutes: number;
  /** A session ends this long after sign-in, however active. */
  absoluteHours: number;
}

export const defaultSessionPolicy: SessionPolicy = { idleMinutes: 30, absoluteHours: 12 };

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Starts a session and returns the token for the cookie; only its hash is stored. */
export async function createSession(
  db: DbExecutor,
  input: {
    staffId: string;
    schoolId: string;
    secondFactorPassed: boolean;
    now: Date;
    userAgent?: string | undefined;
    ip?: string | undefined;
  },
  policy: SessionPolicy = defaultSessionPolicy,
): Promise<{ token: string; id: string; expiresAt: Date; csrfToken: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const id = hashToken(token);
  const expiresAt = new Date(input.now.getTime() + policy.absoluteHours * 3_600_000);
  await db
    .insertInto('sessions')
    .values({
      id,
      staff_id: input.staffId,
      school_id: input.schoolId,
      second_factor_passed: input.secondFactorPassed,
      created_at: input.now,
      last_seen_at: input.now,
      expires_at: expiresAt,
      revoked_at: null,
      user_agent: input.userAgent?.slice(0, 300) ?? null,
      ip: input.ip ?? null,
      csrf_token: csrfToken,
    })
    .execute();
  return { token, id, expiresAt, csrfToken };
}

export interface ResolvedSession {
  sessionId: string;
  actor: Extract<Actor, { kind: 'staff' }>;
  secondFactorPassed: boolean;
  csrfToken: string | null;
}

/**
 * How long a resolved session is reused without asking the database again. Every API request resolves its
 * session, so under load this saves a join per request; the price is that a change made elsewhere (another
 * server process, a membership ended by a roster import) takes effect up to this long later. Sign-out,
 * "sign out everywhere", a password reset and the second factor forget the cached entry at once in this
 * process.
 */
export const SESSION_CACHE_MS = 1_000;
const MAX_CACHED_SESSIONS = 10_000;

interface CachedSession {
  session: ResolvedSession;
  /** The session's last activity as stored (or as just written). */
  lastSeenAt: number;
  expiresAt: number;
  /** When it was read, by the caller's clock (tests move it) and by the monotonic clock (tests do not). */
  readAt: number;
  readAtMonotonic: number;
}

// Keyed by the session id (the token's hash), which is random, so databases sharing a process cannot collide.
const sessionCache = new Map<string, CachedSession>();

function cachedSession(id: string, now: Date, policy: SessionPolicy): CachedSession | undefined {
  const entry = sessionCache.get(id);
  if (!entry) return undefined;
  const age = now.getTime() - entry.readAt;
  if (age < 0 || age >= SESSION_CACHE_MS || performance.now() - entry.readAtMonotonic >= SESSION_CACHE_MS) {
    sessionCache.delete(id);
    return undefined;
  }
  // The lifetimes are checked on every request, cached or not.
  if (entry.expiresAt <= now.getTime() || now.getTime() - entry.lastSeenAt > policy.idleMinutes * 60_000) {
    sessionCache.delete(id);
    return undefined;
  }
  return entry;
}

function rememberSession(id: string, entry: CachedSession): void {
  sessionCache.delete(id);
  if (sessionCache.size >= MAX_CACHED_SESSIONS) {
    const oldest = sessionCache.keys().next().value;
    if (oldest !== undefined) sessionCache.delete(oldest);
  }
  sessionCache.set(id, entry);
}

/** Drops a session from this process's cache, so the next request reads its row (after sign-out, TOTP…). */
export function forgetSession(sessionId: string): void {
  sessionCache.delete(sessionId);
}

/** Drops every cached session of one person (signed out everywhere, password reset). */
export function forgetSessionsOf(staffId: string): void {
  for (const [id, entry] of sessionCache) {
    if (entry.session.actor.staffId === staffId) sessionCache.delete(id);
  }
}

/**
 * The actor behind a session token, or undefined when the session is unknown, revoked, idle too long,
 * past its absolute lifetime, or the person no longer works at the session's school. Touches
 * `last_seen_at` so the idle timeout slides. A session read less than `SESSION_CACHE_MS` ago is answered
 * from memory.
 */
export async function resolveSession(
  db: DbExecutor,
  token: string,
  now: Date,
  policy: SessionPolicy = defaultSessionPolicy,
): Promise<ResolvedSession | undefined> {
  if (token.length < 20 || token.length > 100) return undefined;
  const id = hashToken(token);
  const cached = cachedSession(id, now, policy);
  if (cached) return cached.session;
  const row = await db
    .selectFrom('sessions')
    .innerJoin('staff', 'staff.id', 'sessions.staff_id')
    .leftJoin('staff_memberships', (join) =>
      join
        .onRef('staff_memberships.staff_id', '=', 'sessions.staff_id')
        .onRef('staff_memberships.school_id', '=', 'sessions.school_id'),
    )
    .select([
      'sessions.id as sessionId',
      'sessions.school_id as schoolId',
      'sessions.second_factor_passed as secondFactorPassed',
      'sessions.last_seen_at as lastSeenAt',
      'sessions.expires_at as expiresAt',
      'sessions.revoked_at as revokedAt',
      'sessions.csrf_token as csrfToken',
      'staff.id as staffId',
      'staff.email as email',
      'staff.given_name as givenName',
      'staff.family_name as familyName',
      'staff_memberships.roles as roles',
      'staff_memberships.status as membershipStatus',
    ])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
  if (!row || row.revokedAt) return undefined;
  // A person with trust roles and no role in the school works there with no school role (the trust's pages
  // check the trust roles); anyone else must still be an active member of the session's school.
  const member = row.membershipStatus === 'active';
  if (!member && !(await holdsTrustRoleOver(db, row.staffId, row.schoolId))) return undefined;
  if (row.expiresAt.getTime() <= now.getTime()) return undefined;
  if (now.getTime() - row.lastSeenAt.getTime() > policy.idleMinutes * 60_000) return undefined;
  let lastSeenAt = row.lastSeenAt.getTime();
  // Write at most once a minute: a page load makes many requests.
  if (now.getTime() - lastSeenAt > 60_000) {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
    lastSeenAt = now.getTime();
  }
  const session: ResolvedSession = {
    sessionId: row.sessionId,
    secondFactorPassed: row.secondFactorPassed,
    csrfToken: row.csrfToken,
    actor: {
      kind: 'staff',
      staffId: row.staffId,
      schoolId: row.schoolId,
      roles: member ? (row.roles ?? []).filter((r): r is Role => isRole(r)) : [],
      email: row.email,
      name: `${row.givenName} ${row.familyName}`,
    },
  };
  rememberSession(id, {
    session,
    lastSeenAt,
    expiresAt: row.expiresAt.getTime(),
    readAt: now.getTime(),
    readAtMonotonic: performance.now(),
  });
  return session;
}

/** Whether the person holds a trust role in a trust the school belongs to (their session may work there). */
async function holdsTrustRoleOver(db: DbExecutor, staffId: string, schoolId: string): Promise<boolean> {
  const row = await db
    .selectFrom('trust_memberships')
    .innerJoin('trust_schools', 'trust_schools.trust_id', 'trust_memberships.trust_id')
    .select('trust_memberships.id')
    .where('trust_memberships.staff_id', '=', staffId)
    .where('trust_memberships.status', '=', 'active')
    .where('trust_schools.school_id', '=', schoolId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function revokeSession(db: DbExecutor, sessionId: string, now: Date): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .execute();
  // After the write, so a request racing with this one cannot put the live session back in the cache.
  forgetSession(sessionId);
}

/** Signs a person out everywhere: every live session of theirs ends. */
export async function revokeAllSessions(db: DbExecutor, staffId: string, now: Date): Promise<number> {
  const result = await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('staff_id', '=', staffId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  forgetSessionsOf(staffId);
  return Number(result.numUpdatedRows);
}
