import type { DbExecutor } from '../platform/db/database.js';

/**
 * The account register's published reads: other domains (posts, their takedowns) read an account's status,
 * owners and handle through these functions, never through the tables or the repository.
 */

/** An account of the school with what posting on it needs: its status, platform and handle. */
export async function findAccountForPosting(
  db: DbExecutor,
  schoolId: string,
  accountId: string,
): Promise<{ id: string; status: string; platform: string; handle: string | null } | undefined> {
  return db
    .selectFrom('accounts')
    .select(['id', 'status', 'platform', 'handle'])
    .where('school_id', '=', schoolId)
    .where('id', '=', accountId)
    .executeTakeFirst();
}

/** The owners (staff ids) of each account. */
export async function ownerIdsOf(
  db: DbExecutor,
  accountIds: readonly string[],
): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (accountIds.length === 0) return result;
  const rows = await db
    .selectFrom('account_owners')
    .select(['account_id', 'staff_id'])
    .where('account_id', 'in', [...new Set(accountIds)])
    .execute();
  for (const r of rows) result.set(r.account_id, [...(result.get(r.account_id) ?? []), r.staff_id]);
  return result;
}

/** The accounts a member of staff owns. */
export async function accountIdsOwnedBy(db: DbExecutor, staffId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('account_owners')
    .select('account_id')
    .where('staff_id', '=', staffId)
    .execute();
  return rows.map((r) => r.account_id);
}

/** Platform and handle of each account; a website has no handle, so its address stands in. */
export async function accountLabels(
  db: DbExecutor,
  ids: readonly string[],
): Promise<Map<string, { platform: string; handle: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('accounts')
    .select(['id', 'platform', 'handle', 'profile_url', 'identity_key'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(
    rows.map((r) => [r.id, { platform: r.platform, handle: r.handle ?? r.profile_url ?? r.identity_key }]),
  );
}

/** The account's handle as stored (null for a website, or no such account). */
export async function accountHandle(db: DbExecutor, accountId: string): Promise<string | null | undefined> {
  const row = await db.selectFrom('accounts').select('handle').where('id', '=', accountId).executeTakeFirst();
  return row?.handle;
}
