import { randomBytes } from 'node:crypto';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Db, DbExecutor } from '../platform/db/database.js';
import { forbidden, invalid, notFound } from '../platform/errors.js';
import type { HashMatch } from './follower-keys.js';
import { buildRosterKeyMap, hashRosterKeyMap, type RosterPersonForAudit } from './roster-keys.js';
import { spendSelfAuditAllowance } from './self-audit-limits.js';
import { isStaff } from './staff-use.permissions.js';

/** A self-audit's key lasts an hour: long enough to read a big export, short enough to be one sitting. */
export const SELF_AUDIT_KEY_MS = 60 * 60 * 1000;
/** Hashes per request, and per key in all (a follower list of 50,000 at about 25 keys each, and then some). */
export const MAX_HASHES_PER_REQUEST = 25_000;
export const MAX_HASHES_PER_KEY = 1_500_000;

/**
 * Starts a self-audit: a fresh random HMAC key for this member of staff, for an hour. Audited (that a check
 * was started, nothing more).
 */
export async function startSelfAudit(
  db: Db,
  actor: Actor,
  now: Date,
): Promise<{ id: string; key: string; expiresAt: string }> {
  if (!isStaff(actor)) throw forbidden('StaffOnly', 'only a member of staff checks their followers');
  await spendSelfAuditAllowance(db, 'session', actor.staffId, now);
  const key = randomBytes(32);
  const expiresAt = new Date(now.getTime() + SELF_AUDIT_KEY_MS);
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('self_audit_keys')
      .values({
        school_id: actor.schoolId,
        staff_id: actor.staffId,
        hmac_key: key,
        created_at: now,
        expires_at: expiresAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      actor,
      schoolId: actor.schoolId,
      at: now,
      event: {
        type: 'staff_use.self_audit_started',
        subject: { type: 'staff', id: actor.staffId },
        data: {},
      },
    });
    return { id: row.id, key: key.toString('base64'), expiresAt: expiresAt.toISOString() };
  });
}

/** The roster as the self-audit reads it: pupils (on roll, and leavers), carers of pupils on roll. */
export async function loadRosterForAudit(db: DbExecutor, schoolId: string): Promise<RosterPersonForAudit[]> {
  const pupils = await db
    .selectFrom('pupils')
    .select([
      'id',
      'given_name',
      'family_name',
      'preferred_name',
      'date_of_birth',
      'status',
      'left_on',
      'year_group',
    ])
    .where('school_id', '=', schoolId)
    .execute();
  const yearOf = new Map(pupils.filter((p) => p.status === 'current').map((p) => [p.id, p.year_group]));
  const links = await db
    .selectFrom('carer_pupil_links')
    .select(['carer_id', 'pupil_id'])
    .where('school_id', '=', schoolId)
    .where('ended_on', 'is', null)
    .execute();
  const childYears = new Map<string, (number | null)[]>();
  for (const link of links) {
    if (!yearOf.has(link.pupil_id)) continue;
    const list = childYears.get(link.carer_id) ?? [];
    list.push(yearOf.get(link.pupil_id) ?? null);
    childYears.set(link.carer_id, list);
  }
  const carers =
    childYears.size === 0
      ? []
      : await db
          .selectFrom('carers')
          .select(['id', 'given_name', 'family_name'])
          .where('school_id', '=', schoolId)
          .where('id', 'in', [...childYears.keys()])
          .execute();
  return [
    ...pupils.map(
      (p): RosterPersonForAudit => ({
        kind: 'pupil',
        givenName: p.given_name,
        familyName: p.family_name,
        preferredName: p.preferred_name,
        dateOfBirth: p.date_of_birth,
        status: p.status,
        leftOn: p.left_on,
        yearGroup: p.year_group,
      }),
    ),
    ...carers.map(
      (c): RosterPersonForAudit => ({
        kind: 'carer',
        givenName: c.given_name,
        familyName: c.family_name,
        childYearGroups: childYears.get(c.id) ?? [],
      }),
    ),
  ];
}

/**
 * Hashed roster maps per self-audit key, kept in the process for the key's hour so a list sent in several
 * requests is hashed once. Another process rebuilds its own; nothing here is shared or stored.
 */
export class SelfAuditMatchers {
  private readonly maps = new Map<string, { expiresAt: number; map: Map<string, HashMatch[]> }>();

  async get(keyId: string, expiresAt: Date, build: () => Promise<Map<string, HashMatch[]>>) {
    const now = Date.now();
    for (const [id, entry] of this.maps) if (entry.expiresAt < now) this.maps.delete(id);
    const found = this.maps.get(keyId);
    if (found) return found.map;
    const map = await build();
    // A handful of audits at once at most; the oldest goes first.
    if (this.maps.size >= 20) this.maps.delete(this.maps.keys().next().value as string);
    this.maps.set(keyId, { expiresAt: expiresAt.getTime(), map });
    return map;
  }
}

/**
 * Answers which of the browser's hashes are keys of someone on the roster, and of what kind. The hashes are
 * neither logged nor stored; only a running count is kept on the key, to cap what one key may ask.
 */
export async function matchSelfAuditHashes(
  db: Db,
  actor: Actor,
  input: { keyId: string; hashes: readonly string[] },
  now: Date,
  today: string,
  matchers: SelfAuditMatchers,
): Promise<{ matches: { hash: string; matches: HashMatch[] }[] }> {
  if (!isStaff(actor)) throw forbidden('StaffOnly', 'only a member of staff checks their followers');
  if (input.hashes.length > MAX_HASHES_PER_REQUEST)
    throw invalid('TooManyHashes', `send at most ${MAX_HASHES_PER_REQUEST} hashes a request`);
  await spendSelfAuditAllowance(db, 'match', actor.staffId, now);
  const key = await db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('self_audit_keys')
      .select(['id', 'hmac_key', 'expires_at', 'hashes_answered'])
      .where('id', '=', input.keyId)
      .where('school_id', '=', actor.schoolId)
      .where('staff_id', '=', actor.staffId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('SelfAuditNotFound', 'no such follower check of yours');
    if (row.expires_at <= now)
      throw invalid('SelfAuditExpired', 'this follower check has expired: start the check again');
    if (row.hashes_answered + input.hashes.length > MAX_HASHES_PER_KEY)
      throw invalid('TooManyHashes', 'this follower check has asked enough: start the check again');
    await tx
      .updateTable('self_audit_keys')
      .set({ hashes_answered: row.hashes_answered + input.hashes.length })
      .where('id', '=', row.id)
      .execute();
    return row;
  });
  const map = await matchers.get(key.id, key.expires_at, async () =>
    hashRosterKeyMap(
      buildRosterKeyMap(await loadRosterForAudit(db, actor.schoolId), today),
      new Uint8Array(key.hmac_key),
    ),
  );
  const matches: { hash: string; matches: HashMatch[] }[] = [];
  for (const hash of new Set(input.hashes)) {
    const found = map.get(hash);
    if (found) matches.push({ hash, matches: found });
  }
  return { matches };
}
