import type { FastifyInstance } from 'fastify';
import { type AppContextOverrides, createAppContext } from '../app/context.js';
import { type Clock, fixedClock, type SettableClock } from '../platform/clock.js';
import type { Config } from '../platform/config.js';
import type { DbEngine } from '../platform/db/create-db.js';
import type { Db } from '../platform/db/database.js';
import { createTestDb, type TestDb } from '../platform/db/test-db.js';
import { createLogger, type Logger } from '../platform/logger.js';
import { buildApp } from './app.js';

export interface TestApp {
  app: FastifyInstance;
  testDb: TestDb;
  clock: SettableClock;
  close(): Promise<void>;
}

export const testConfig: Config = {
  env: 'test',
  port: 0,
  host: '127.0.0.1',
  databaseUrl: undefined,
  dataDir: '/nonexistent',
  logLevel: 'silent',
  seedDemo: false,
};

/**
 * The app built as the server builds it, from a context of its own (src/app/context.ts) over a database
 * the test opened, for tests that need their own config, logger or web root.
 */
export function buildAppWith(
  config: Config,
  deps: {
    db: Db;
    dbEngine: DbEngine;
    logger: Logger;
    clock?: Clock;
    webRoot?: string;
    alsoOnConsentLost?: AppContextOverrides['alsoOnConsentLost'];
  },
): Promise<FastifyInstance> {
  const { webRoot, ...overrides } = deps;
  return buildApp(createAppContext(config, overrides), webRoot === undefined ? {} : { webRoot });
}

/** The whole app on a fresh migrated database with a settable clock, for `app.inject` tests. */
export async function createTestApp(
  engine: DbEngine,
  at = '2026-11-24T09:00:00Z',
  config: Partial<Config> = {},
  overrides: Pick<AppContextOverrides, 'alsoOnConsentLost'> = {},
): Promise<TestApp> {
  const testDb = await createTestDb(engine);
  const clock = fixedClock(at);
  const app = await buildAppWith(
    { ...testConfig, ...config },
    {
      db: testDb.db,
      dbEngine: engine,
      logger: createLogger('silent'),
      clock,
      ...overrides,
    },
  );
  await app.ready();
  return {
    app,
    testDb,
    clock,
    async close() {
      await app.close();
      await testDb.destroy();
    },
  };
}
