import { createCipheriv, createDecipheriv } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { appendFile, rename, rm, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { type Kysely, sql } from 'kysely';
import type { DbEngine } from '../db/create-db.js';
import type { Database, DbExecutor } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { migrations } from '../db/migrations/index.js';
import { conflict, invalid } from '../errors.js';
import {
  type BackupHeader,
  type BackupSecret,
  fileKeyFor,
  headerBytes,
  newFileKey,
  readBackupFile,
} from './backup-file.js';

/**
 * Backup and restore as a logical export of every table, the same on PGlite and PostgreSQL (so a trial on
 * the embedded database can move to PostgreSQL through a backup). Consistency comes from reading every
 * table in one REPEATABLE READ, read-only transaction: the backup is the database as it was at one instant,
 * whatever commits meanwhile. PGlite is one connection, so there writers simply wait for the read.
 *
 * Keys are never in a backup: the data folder's development `master.key` is a file, not a table, and
 * safeguarding content inside stays sealed under its data keys, which stay wrapped by the master key. A
 * restore therefore needs the master key the data was wrapped under, as it needs it to read a concern.
 */

const MIGRATION_TABLES = new Set(['guardpost_migrations', 'guardpost_migrations_lock']);
/** Rows per payload line; small enough that a table of evidence files does not fill memory. */
const ROWS_PER_LINE = 100;

export interface BackupSummary {
  file: string;
  createdAt: string;
  engine: DbEngine;
  migrations: number;
  tables: number;
  rows: number;
  bytes: number;
}

async function userTables(db: DbExecutor): Promise<string[]> {
  const rows = await sql<{ name: string }>`
    select c.relname as name from pg_class c
    where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
    order by c.relname`.execute(db);
  return rows.rows.map((r) => r.name).filter((name) => !MIGRATION_TABLES.has(name));
}

async function countRows(db: DbExecutor, table: string): Promise<number> {
  const result = await sql<{ n: string | number }>`select count(*) as n from ${sql.id(table)}`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

async function appliedMigrations(db: DbExecutor): Promise<string[]> {
  const exists = await sql<{ n: number }>`
    select 1 as n from pg_class where relname = 'guardpost_migrations' and relnamespace = 'public'::regnamespace`.execute(
    db,
  );
  if (exists.rows.length === 0) return [];
  const rows = await sql<{
    name: string;
  }>`select name from guardpost_migrations order by timestamp, name`.execute(db);
  return rows.rows.map((r) => r.name);
}

/**
 * Writes a backup of the whole database to `file` (through a temporary name, so a reader never sees half a
 * backup), encrypted under a key derived from the current master key or from a passphrase.
 */
export async function takeBackup(
  db: Kysely<Database>,
  options: { file: string; secret: BackupSecret; engine: DbEngine; now: Date },
): Promise<BackupSummary> {
  const { fileKey, key, salt, iv, keyCheck } = newFileKey(options.secret);
  const partial = `${options.file}.partial`;
  try {
    const summary = await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        await sql`set transaction read only`.execute(trx);
        const tables = await userTables(trx);
        const counts: Record<string, number> = {};
        for (const table of tables) counts[table] = await countRows(trx, table);
        const header: BackupHeader = {
          format: 1,
          createdAt: options.now.toISOString(),
          engine: options.engine,
          migrations: await appliedMigrations(trx),
          tables: counts,
          key,
          salt,
          iv: iv.toString('base64'),
          keyCheck,
        };
        const aad = headerBytes(header);
        const cipher = createCipheriv('aes-256-gcm', fileKey, iv);
        cipher.setAAD(aad);
        const out = createWriteStream(partial, { mode: 0o600 });
        out.write(aad);
        await pipeline(tableLines(trx, tables), createGzip(), cipher, out);
        await appendFile(partial, cipher.getAuthTag());
        return {
          createdAt: header.createdAt,
          migrations: header.migrations.length,
          tables: tables.length,
          rows: Object.values(counts).reduce((a, b) => a + b, 0),
        };
      });
    await rename(partial, options.file);
    const { size } = await stat(options.file);
    return { file: options.file, engine: options.engine, bytes: size, ...summary };
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

/** One JSON line per batch of rows: `{"t": table, "r": [row, …]}`, rows as PostgreSQL's own to_jsonb. */
async function* tableLines(db: DbExecutor, tables: string[]): AsyncGenerator<string> {
  for (const table of tables) {
    // ctid is a stable order within the snapshot; paging on it reads each row once without OFFSET.
    let after = '(0,0)';
    for (;;) {
      const page = await sql<{ c: string; r: string }>`
        select t.ctid::text as c, to_jsonb(t)::text as r from ${sql.id(table)} t
        where t.ctid > ${after}::tid order by t.ctid limit ${ROWS_PER_LINE}`.execute(db);
      if (page.rows.length === 0) break;
      yield `{"t":${JSON.stringify(table)},"r":[${page.rows.map((row) => row.r).join(',')}]}\n`;
      after = page.rows[page.rows.length - 1]?.c ?? after;
      if (page.rows.length < ROWS_PER_LINE) break;
    }
  }
}

export interface RestoreSummary {
  createdAt: string;
  engine: DbEngine;
  tables: number;
  rows: number;
  /** Migrations newer than the backup, applied after its data went in. */
  migratedAfter: string[];
}

/**
 * Restores a backup into an empty database: refuses a backup from a newer release, a wrong key, a
 * database holding any row, and a damaged or cut file. The schema is built by this release's migrations up
 * to the backup's version, the rows go in inside one transaction (nothing is kept if any check fails, the
 * file's authentication tag included), and the newer migrations then bring it up to date.
 */
export async function restoreBackup(
  db: Kysely<Database>,
  options: { file: string; secret: BackupSecret },
): Promise<RestoreSummary> {
  const opened = await readBackupFile(options.file);
  const { header } = opened;
  const known = new Set(Object.keys(migrations));
  const unknown = header.migrations.filter((name) => !known.has(name));
  if (unknown.length > 0)
    throw invalid(
      'BackupSchemaNewer',
      `this backup comes from a newer release of Guardpost (its schema has ${unknown.length} migration(s) this release does not know, first ${unknown[0]}): install that release or a later one, then restore`,
    );
  const fileKey = fileKeyFor(header, options.secret);

  const present = await appliedMigrations(db);
  const inBackup = new Set(header.migrations);
  const beyond = present.filter((name) => !inBackup.has(name));
  if (beyond.length > 0)
    throw conflict(
      'RestoreTargetNotEmpty',
      `the database already has migrations the backup lacks (${beyond[0]}…): restore into a new, empty database`,
    );
  for (const table of await userTables(db)) {
    if ((await countRows(db, table)) > 0)
      throw conflict(
        'RestoreTargetNotEmpty',
        `the database is not empty (table ${table} has rows): restore only into a new, empty database, never over live data`,
      );
  }

  // The schema exactly as it was when the backup was taken.
  const backupSet = Object.fromEntries(
    Object.entries(migrations).filter(([name]) => inBackup.has(name)),
  ) as typeof migrations;
  await migrateToLatest(db, backupSet);

  const rows = await db.transaction().execute(async (trx) => {
    const tables = await userTables(trx);
    const expected = Object.keys(header.tables).sort();
    if (expected.join('\n') !== [...tables].sort().join('\n'))
      throw invalid(
        'BackupCorrupt',
        'the backup lists other tables than its schema version has: the file is damaged or was edited',
      );
    const columns = await insertableColumns(trx);
    // Foreign keys and triggers (append-only guards, change stamps) are set aside while rows go in, in any
    // order, and put back before commit: adding a foreign key back re-checks every row against it.
    const foreignKeys = await sql<{ tbl: string; name: string; def: string }>`
      select c.relname as tbl, k.conname as name, pg_get_constraintdef(k.oid) as def
      from pg_constraint k join pg_class c on c.oid = k.conrelid
      where k.contype = 'f' and c.relnamespace = 'public'::regnamespace`.execute(trx);
    for (const fk of foreignKeys.rows)
      await sql`alter table ${sql.id(fk.tbl)} drop constraint ${sql.id(fk.name)}`.execute(trx);
    for (const table of tables) await sql`alter table ${sql.id(table)} disable trigger user`.execute(trx);

    const inserted = await insertPayload(trx, options.file, opened, fileKey, columns, new Set(tables));

    for (const table of tables) await sql`alter table ${sql.id(table)} enable trigger user`.execute(trx);
    for (const fk of foreignKeys.rows)
      await sql`alter table ${sql.id(fk.tbl)} add constraint ${sql.id(fk.name)} ${sql.raw(fk.def)}`.execute(
        trx,
      );
    for (const table of tables) {
      const count = await countRows(trx, table);
      if (count !== header.tables[table] || (inserted.get(table) ?? 0) !== count)
        throw invalid(
          'BackupCorrupt',
          `the backup's table ${table} should hold ${header.tables[table]} rows but ${count} came out of it: the file is damaged`,
        );
    }
    await resetSequences(trx);
    return [...inserted.values()].reduce((a, b) => a + b, 0);
  });

  const migratedAfter = await migrateToLatest(db);
  return {
    createdAt: header.createdAt,
    engine: header.engine,
    tables: Object.keys(header.tables).length,
    rows,
    migratedAfter,
  };
}

async function insertableColumns(db: DbExecutor): Promise<Map<string, string[]>> {
  const rows = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = 'public' and is_generated = 'NEVER'
    order by table_name, ordinal_position`.execute(db);
  const byTable = new Map<string, string[]>();
  for (const row of rows.rows) {
    const list = byTable.get(row.table_name) ?? [];
    list.push(row.column_name);
    byTable.set(row.table_name, list);
  }
  return byTable;
}

async function insertPayload(
  db: DbExecutor,
  file: string,
  opened: Awaited<ReturnType<typeof readBackupFile>>,
  fileKey: Buffer,
  columns: Map<string, string[]>,
  tables: Set<string>,
): Promise<Map<string, number>> {
  const decipher = createDecipheriv('aes-256-gcm', fileKey, Buffer.from(opened.header.iv, 'base64'));
  decipher.setAAD(opened.aad);
  decipher.setAuthTag(opened.tag);
  const gunzip = createGunzip();
  const input = createReadStream(file, { start: opened.payloadStart, end: opened.payloadEnd - 1 });
  // Piped by hand with a listener on every stream, so a failure anywhere (the tag at the end, a cut gzip
  // stream) ends the line reader and is reported once, never left as an unhandled stream error.
  let streamError: Error | undefined;
  const fail = (error: Error) => {
    streamError ??= error;
    gunzip.destroy(error);
  };
  input.on('error', fail);
  decipher.on('error', fail);
  gunzip.on('error', (error) => {
    streamError ??= error;
  });
  input.pipe(decipher).pipe(gunzip);
  const lines = createInterface({ input: gunzip, crlfDelay: Number.POSITIVE_INFINITY });
  // The reader re-emits its input's errors; once the loop has stopped nobody else would hear them.
  lines.on('error', () => {});
  const inserted = new Map<string, number>();
  try {
    for await (const line of lines) {
      if (line === '') continue;
      let batch: { t?: unknown; r?: unknown };
      try {
        batch = JSON.parse(line) as { t?: unknown; r?: unknown };
      } catch {
        throw invalid('BackupCorrupt', 'the backup is damaged: a line of its data is not JSON');
      }
      const table = typeof batch.t === 'string' ? batch.t : '';
      const cols = columns.get(table);
      if (!tables.has(table) || !cols || !Array.isArray(batch.r))
        throw invalid('BackupCorrupt', 'the backup is damaged: its data names a table the schema lacks');
      const list = sql.join(cols.map((c) => sql.id(c)));
      await sql`insert into ${sql.id(table)} (${list}) overriding system value
        select ${list} from jsonb_populate_recordset(null::${sql.id(table)}, ${JSON.stringify(batch.r)}::jsonb)`.execute(
        db,
      );
      inserted.set(table, (inserted.get(table) ?? 0) + batch.r.length);
    }
  } catch (error) {
    input.destroy();
    if (streamError) throw payloadError(streamError);
    // A damaged payload can decrypt to bytes that fail in SQL before the tag is checked: still damage.
    if (
      error instanceof Error &&
      !('code' in error && typeof error.code === 'string' && error.code.startsWith('Backup'))
    )
      throw payloadError(error);
    throw error;
  } finally {
    lines.close();
    input.destroy();
  }
  // The decipher checks the tag when its input ends; a missing 'end' would mean it never did.
  if (!decipher.writableFinished && !streamError) streamError = new Error('the data ended early');
  if (streamError) throw payloadError(streamError);
  return inserted;
}

/** A stream failure means the bytes are not what was written: a cut or altered file. */
function payloadError(error: Error) {
  if (error.message.includes('authenticate'))
    return invalid(
      'BackupCorrupt',
      'the backup is damaged or was altered (its authentication check fails); nothing was restored',
    );
  return invalid(
    'BackupCorrupt',
    `the backup is damaged or cut short (${error.message}); nothing was restored`,
  );
}

/** Identity and serial columns continue after the restored rows. */
async function resetSequences(db: DbExecutor): Promise<void> {
  const owned = await sql<{ seq: string; tbl: string; col: string }>`
    select s.relname as seq, t.relname as tbl, a.attname as col
    from pg_class s
    join pg_depend d on d.objid = s.oid and d.classid = 'pg_class'::regclass and d.deptype in ('a', 'i')
    join pg_class t on t.oid = d.refobjid
    join pg_attribute a on a.attrelid = t.oid and a.attnum = d.refobjsubid
    where s.relkind = 'S' and s.relnamespace = 'public'::regnamespace`.execute(db);
  for (const { seq, tbl, col } of owned.rows) {
    await sql`select setval(${sql.lit(`public.${seq}`)}::regclass, coalesce((select max(${sql.id(col)}) from ${sql.id(tbl)}), 0) + 1, false)`.execute(
      db,
    );
  }
}

/** What a backup file says about itself, without the key: for `guardpost backup --inspect` and the log. */
export async function describeBackup(file: string) {
  const { header } = await readBackupFile(file);
  const status = { createdAt: header.createdAt, engine: header.engine, key: header.key.kind };
  return {
    ...status,
    migrations: header.migrations.length,
    tables: Object.keys(header.tables).length,
    rows: Object.values(header.tables).reduce((a, b) => a + b, 0),
  };
}
