import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import type { Database } from './database.js';
import { PGliteDialect } from './pglite-dialect.js';

// DATE columns come back as ISO strings ('2020-08-29'), never as Date objects that shift with time zones.
const DATE_OID = 1082;
pg.types.setTypeParser(DATE_OID, (value: string) => value);

export type DbEngine = 'pglite' | 'postgres';

export interface DbOptions {
  /** PostgreSQL connection string; when absent, PGlite is used. */
  databaseUrl?: string | undefined;
  /** PGlite data folder; `undefined` keeps the database in memory (tests). */
  dataDir?: string | undefined;
  /** A migrated PGlite data folder dump to start from, so tests skip initdb and migrations. */
  loadDataDir?: Blob | undefined;
  poolSize?: number;
  onIdleConnectionError?: (error: Error) => void;
}

export function engineOf(options: Pick<DbOptions, 'databaseUrl'>): DbEngine {
  return options.databaseUrl ? 'postgres' : 'pglite';
}

/** Opens a PGlite instance with the same type parsing as the PostgreSQL pool. */
export function openPGlite(options: Pick<DbOptions, 'dataDir' | 'loadDataDir'>): PGlite {
  return new PGlite({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    parsers: { [DATE_OID]: (value: string) => value },
  });
}

/** The one database factory: PostgreSQL when a URL is given, PGlite otherwise. */
export function createDb(options: DbOptions): Kysely<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // An idle connection can be cut by the server (restart, failover, a dropped test database). Without a
    // listener that error would crash the process; the pool already discards the client, so note it only.
    pool.on('error', (error) => options.onIdleConnectionError?.(error));
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  return new Kysely<Database>({ dialect: new PGliteDialect(openPGlite(options)) });
}

export function dbOptionsFromConfig(config: Config): DbOptions {
  return { databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir };
}
