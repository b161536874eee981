import { type AppContext, createAppContext } from '../app/context.js';
import { ensureDemoSchool } from '../demo/demo-school.js';
import type { Actor } from '../platform/auth/roles.js';
import { loadConfig } from '../platform/config.js';
import { migrateToLatest } from '../platform/db/migrate.js';
import { createLogger } from '../platform/logger.js';

/** The CLI acts as the operator who runs it; audit rows name it so. */
export const cliActor: Actor = { kind: 'system', label: 'cli' };

/** A command's view of the process: the same context the server and the worker are built from. */
export type CliContext = AppContext;

/**
 * Builds the context for one command from the configuration, with the database migrated so commands work
 * on a fresh data folder, and closes it afterwards whatever happens. Logs go to stderr: stdout is the
 * command's answer (`--json`).
 */
export async function withDatabase<T>(run: (ctx: CliContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const ctx = createAppContext(config, { logger: createLogger(config.logLevel, process.stderr) });
  try {
    await migrateToLatest(ctx.db);
    // The first use of an empty database seeds the demo school, as `start` does, so commands work at once.
    if (config.seedDemo) await ensureDemoSchool(ctx.db, ctx.posts);
    return await run(ctx);
  } finally {
    await ctx.close();
  }
}
