import type { Actor } from '../platform/auth/roles.js';
import { type Clock, systemClock } from '../platform/clock.js';
import { type Config, loadConfig } from '../platform/config.js';
import { createDb, dbOptionsFromConfig } from '../platform/db/create-db.js';
import type { Db } from '../platform/db/database.js';
import { migrateToLatest } from '../platform/db/migrate.js';
import { ensureDemoSchool } from '../schools/demo.js';

/** The CLI acts as the operator who runs it; audit rows name it so. */
export const cliActor: Actor = { kind: 'system', label: 'cli' };

export interface CliContext {
  config: Config;
  db: Db;
  clock: Clock;
}

/**
 * Opens the configured database for one command, migrated so commands work on a fresh data folder, and
 * closes it afterwards whatever happens.
 */
export async function withDatabase<T>(run: (ctx: CliContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = createDb(dbOptionsFromConfig(config));
  try {
    await migrateToLatest(db);
    // The first use of an empty database seeds the demo school, as `start` does, so commands work at once.
    if (config.seedDemo) await ensureDemoSchool(db);
    return await run({ config, db, clock: systemClock });
  } finally {
    await db.destroy();
  }
}
