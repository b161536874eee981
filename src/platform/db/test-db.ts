import { createHash, randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { createDb, type DbEngine, openPGlite } from './create-db.js';
import type { Database } from './database.js';
import { migrateToLatest } from './migrate.js';
import { migrations } from './migrations/index.js';
import { PGliteDialect } from './pglite-dialect.js';

/**
 * Fresh, migrated databases for tests, fast. PGlite: migrate one in-memory instance per worker, dump its
 * data folder once, and start every later database from that dump (no initdb, no migrations). PostgreSQL:
 * migrate one template database per migration set and `CREATE DATABASE … TEMPLATE` it per test file.
 */
export interface TestDb {
  readonly engine: DbEngine;
  readonly db: Kysely<Database>;
  /** Connection string of this database on PostgreSQL (for child processes); undefined on PGlite. */
  readonly databaseUrl: string | undefined;
  destroy(): Promise<void>;
}

let pgliteTemplate: Promise<Blob> | undefined;

/**
 * The migrated dump is cached on disk (keyed by the migration set) because test files run in isolated
 * module graphs: an in-memory cache would be rebuilt, at several seconds, for every file.
 */
async function loadPGliteTemplate(): Promise<Blob> {
  const file = path.join(os.tmpdir(), `guardpost-pglite-template-${migrationSetId()}.tar`);
  try {
    return new Blob([await readFile(file)]);
  } catch {
    const pglite = openPGlite({});
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    await migrateToLatest(db);
    const dump = await pglite.dumpDataDir('none');
    await db.destroy();
    const bytes = new Uint8Array(await dump.arrayBuffer());
    // Write then rename, so a parallel worker never reads half a file.
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await writeFile(partial, bytes);
    await rename(partial, file);
    return new Blob([bytes]);
  }
}

async function createPGliteTestDb(): Promise<TestDb> {
  pgliteTemplate ??= loadPGliteTemplate();
  const db = createDb({ loadDataDir: await pgliteTemplate });
  return { engine: 'pglite', db, databaseUrl: undefined, destroy: () => db.destroy() };
}

/** Changes whenever a migration is added or edited, so stale templates are never reused. */
function migrationSetId(): string {
  const hash = createHash('sha256');
  for (const [name, migration] of Object.entries(migrations)) {
    hash
      .update(name)
      .update(migration.up.toString())
      .update(migration.down?.toString() ?? '');
  }
  return hash.digest('hex').slice(0, 16);
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function ensurePostgresTemplate(admin: Kysely<unknown>, baseUrl: string): Promise<string> {
  const template = `guardpost_tpl_${migrationSetId()}`;
  // An advisory lock keeps parallel test workers from building the same template twice.
  await sql`select pg_advisory_lock(hashtext(${template}))`.execute(admin);
  try {
    const exists = await sql<{
      n: number;
    }>`select 1 as n from pg_database where datname = ${template}`.execute(admin);
    if (exists.rows.length === 0) {
      const building = `${template}_build_${randomBytes(4).toString('hex')}`;
      await sql`create database ${sql.id(building)}`.execute(admin);
      const db = createDb({ databaseUrl: withDatabase(baseUrl, building), poolSize: 1 });
      try {
        await migrateToLatest(db);
      } finally {
        await db.destroy();
      }
      await sql`alter database ${sql.id(building)} rename to ${sql.id(template)}`.execute(admin);
    }
  } finally {
    await sql`select pg_advisory_unlock(hashtext(${template}))`.execute(admin);
  }
  return template;
}

async function createPostgresTestDb(baseUrl: string): Promise<TestDb> {
  const admin = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: baseUrl, max: 1 }) }),
  });
  const template = await ensurePostgresTemplate(admin, baseUrl);
  const name = `guardpost_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  // CREATE DATABASE ... TEMPLATE fails while anyone else is connected to the template; retry briefly.
  for (let attempt = 0; ; attempt++) {
    try {
      await sql`create database ${sql.id(name)} template ${sql.id(template)}`.execute(admin);
      break;
    } catch (error) {
      if (attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const databaseUrl = withDatabase(baseUrl, name);
  const db = createDb({ databaseUrl, poolSize: 4 });
  return {
    engine: 'postgres',
    db,
    databaseUrl,
    async destroy() {
      await db.destroy();
      await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin);
      await admin.destroy();
    },
  };
}

/** The engines this run tests on: PGlite always, PostgreSQL too when DATABASE_URL is set. */
export function testEngines(): DbEngine[] {
  return process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export async function createTestDb(engine: DbEngine): Promise<TestDb> {
  if (engine === 'postgres') {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set: PostgreSQL tests cannot run');
    return createPostgresTestDb(url);
  }
  return createPGliteTestDb();
}

/**
 * An empty database with no migrations applied, for upgrade tests that build an older schema first:
 * in-memory PGlite, or a new PostgreSQL database next to the test templates.
 */
export async function createEmptyTestDb(engine: DbEngine): Promise<TestDb> {
  if (engine === 'pglite') {
    const db = createDb({});
    return { engine, db, databaseUrl: undefined, destroy: () => db.destroy() };
  }
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) throw new Error('DATABASE_URL is not set: PostgreSQL tests cannot run');
  const admin = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: baseUrl, max: 1 }) }),
  });
  const name = `guardpost_empty_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await sql`create database ${sql.id(name)}`.execute(admin);
  const databaseUrl = withDatabase(baseUrl, name);
  const db = createDb({ databaseUrl, poolSize: 4 });
  return {
    engine,
    db,
    databaseUrl,
    async destroy() {
      await db.destroy();
      await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin);
      await admin.destroy();
    },
  };
}
