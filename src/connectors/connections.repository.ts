import type { DbExecutor } from '../platform/db/database.js';
import type {
  ConnectionProfileRow,
  NewConnectionProfileRow,
  NewPlatformConnectionRow,
  PlatformConnectionRow,
  PlatformConnectionUpdate,
} from './connections.table.js';

/** Kysely queries for `platform_connections`; no rules here, the use cases decide. */

export async function findConnectionByAccount(
  db: DbExecutor,
  accountId: string,
  options: { forUpdate?: boolean } = {},
): Promise<PlatformConnectionRow | undefined> {
  let query = db.selectFrom('platform_connections').selectAll().where('account_id', '=', accountId);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function findConnectionById(
  db: DbExecutor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<PlatformConnectionRow | undefined> {
  let query = db.selectFrom('platform_connections').selectAll().where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function listSchoolConnections(
  db: DbExecutor,
  schoolId: string,
): Promise<PlatformConnectionRow[]> {
  return db
    .selectFrom('platform_connections')
    .selectAll()
    .where('school_id', '=', schoolId)
    .orderBy('created_at')
    .execute();
}

/** Every connected account, across schools (the ingest, refresh and profile jobs walk these). */
export async function listConnectedConnections(
  db: DbExecutor,
  options: { platform?: string; expiringBefore?: Date } = {},
): Promise<PlatformConnectionRow[]> {
  let query = db.selectFrom('platform_connections').selectAll().where('status', '=', 'connected');
  if (options.platform) query = query.where('platform', '=', options.platform);
  if (options.expiringBefore)
    query = query
      .where('token_expires_at', 'is not', null)
      .where('token_expires_at', '<', options.expiringBefore);
  return query.orderBy('created_at').execute();
}

/** Creates the account's connection, or replaces the one it had (a reconnect reuses the row). */
export async function upsertConnection(
  db: DbExecutor,
  row: NewPlatformConnectionRow,
): Promise<PlatformConnectionRow> {
  return db
    .insertInto('platform_connections')
    .values(row)
    .onConflict((oc) =>
      oc.column('account_id').doUpdateSet({
        school_id: row.school_id,
        platform: row.platform,
        base_url: row.base_url,
        platform_account_id: row.platform_account_id,
        handle: row.handle,
        credentials_key_id: row.credentials_key_id ?? null,
        credentials_sealed: row.credentials_sealed ?? null,
        token_expires_at: row.token_expires_at ?? null,
        status: row.status,
        last_error: row.last_error ?? null,
        connected_by_staff_id: row.connected_by_staff_id ?? null,
        connected_at: row.connected_at,
        disconnected_at: null,
        failed_at: null,
        updated_at: row.connected_at,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateConnection(
  db: DbExecutor,
  id: string,
  changes: PlatformConnectionUpdate,
): Promise<PlatformConnectionRow> {
  return db
    .updateTable('platform_connections')
    .set(changes)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The account's profile as last recorded (`connection_profiles`), if it was ever read. */
export async function latestConnectionProfile(
  db: DbExecutor,
  accountId: string,
): Promise<ConnectionProfileRow | undefined> {
  return db
    .selectFrom('connection_profiles')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('read_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertConnectionProfile(db: DbExecutor, row: NewConnectionProfileRow): Promise<void> {
  await db.insertInto('connection_profiles').values(row).execute();
}
