import type { FastifyInstance } from 'fastify';
import { fixedClock, type SettableClock } from '../platform/clock.js';
import type { Config } from '../platform/config.js';
import type { DbEngine } from '../platform/db/create-db.js';
import { createTestDb, type TestDb } from '../platform/db/test-db.js';
import { createLogger } from '../platform/logger.js';
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

/** The whole app on a fresh migrated database with a settable clock, for `app.inject` tests. */
export async function createTestApp(
  engine: DbEngine,
  at = '2026-11-24T09:00:00Z',
  config: Partial<Config> = {},
): Promise<TestApp> {
  const testDb = await createTestDb(engine);
  const clock = fixedClock(at);
  const app = await buildApp(
    { ...testConfig, ...config },
    {
      db: testDb.db,
      dbEngine: engine,
      logger: createLogger('silent'),
      clock,
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
