import type { Actor } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import { forbidden, invalid, notFound } from '../platform/errors.js';
import type { HashMatch } from './follower-keys.js';
import { buildRosterKeyMap, hashRosterKeyMap } from './roster-keys.js';
import { spendSelfAuditAllowance } from './self-audit-limits.js';
import type { SelfAuditMatchers } from './self-audit-matchers.js';
import { loadRosterForAudit } from './self-audit-roster.js';
import { isStaff } from './staff-use.permissions.js';
/** Hashes per request, and per key in all (a follower list of 50,000 at about 25 keys each, and then some). */
export const MAX_HASHES_PER_REQUEST = 25_000;

export const MAX_HASHES_PER_KEY = 1_500_000;

/** The school's roster as the session's hashes → what each matches (built once per key, self-audit-matchers.ts). */
export async function hashedRosterMap(
  db: Db,
  schoolId: string,
  hmacKey: Uint8Array,
  today: string,
): Promise<Map<string, HashMatch[]>> {
  return hashRosterKeyMap(buildRosterKeyMap(await loadRosterForAudit(db, schoolId), today), hmacKey);
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
  const map = await matchers.get(key.id, key.expires_at, () =>
    hashedRosterMap(db, actor.schoolId, new Uint8Array(key.hmac_key), today),
  );
  const matches: { hash: string; matches: HashMatch[] }[] = [];
  for (const hash of new Set(input.hashes)) {
    const found = map.get(hash);
    if (found) matches.push({ hash, matches: found });
  }
  return { matches };
}
