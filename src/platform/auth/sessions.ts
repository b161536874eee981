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
 * The actor behind a session token, or undefined when the session is unknown, revoked, idle too long,
 * past its absolute lifetime, or the person no longer works at the session's school. Touches
 * `last_seen_at` so the idle timeout slides.
 */
export async function resolveSession(
  db: DbExecutor,
  token: string,
  now: Date,
  policy: SessionPolicy = defaultSessionPolicy,
): Promise<ResolvedSession | undefined> {
  if (token.length < 20 || token.length > 100) return undefined;
  const id = hashToken(token);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('staff', 'staff.id', 'sessions.staff_id')
    .innerJoin('staff_memberships', (join) =>
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
  if (!row || row.revokedAt || row.membershipStatus !== 'active') return undefined;
  if (row.expiresAt.getTime() <= now.getTime()) return undefined;
  if (now.getTime() - row.lastSeenAt.getTime() > policy.idleMinutes * 60_000) return undefined;
  // Write at most once a minute: a page load makes many requests.
  if (now.getTime() - row.lastSeenAt.getTime() > 60_000) {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
  }
  return {
    sessionId: row.sessionId,
    secondFactorPassed: row.secondFactorPassed,
    csrfToken: row.csrfToken,
    actor: {
      kind: 'staff',
      staffId: row.staffId,
      schoolId: row.schoolId,
      roles: row.roles.filter((r): r is Role => isRole(r)),
      email: row.email,
      name: `${row.givenName} ${row.familyName}`,
    },
  };
}

export async function revokeSession(db: DbExecutor, sessionId: string, now: Date): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Signs a person out everywhere: every live session of theirs ends. */
export async function revokeAllSessions(db: DbExecutor, staffId: string, now: Date): Promise<number> {
  const result = await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('staff_id', '=', staffId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
