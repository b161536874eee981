import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONSENT_LAPSE_QUEUE } from '../consent/consent.jobs.js';
import { loadConfig } from '../platform/config.js';
import type { Db } from '../platform/db/database.js';
import { createTestDb, testEngines } from '../platform/db/test-db.js';
import { enqueueJob } from '../platform/jobs/jobs.js';
import { createLogger } from '../platform/logger.js';
import { startWorkerProcess } from './startup.js';

async function waitForJob(db: Db, id: string): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const job = await db.selectFrom('jobs').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    if (job.status === 'done' || job.status === 'dead' || Date.now() > deadline) return job.status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// `guardpost worker`: jobs and schedules from the composition root, no HTTP.
for (const engine of testEngines()) {
  describe(`the worker process on ${engine}`, () => {
    it('migrates, registers the schedules, runs a queued job, serves no HTTP, and stops', async () => {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'guardpost-worker-'));
      // PostgreSQL: a migrated database of its own; the embedded database: a fresh data folder.
      const testDb = engine === 'postgres' ? await createTestDb('postgres') : undefined;
      const config = loadConfig({
        NODE_ENV: 'test',
        GUARDPOST_DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        ...(testDb?.databaseUrl ? { DATABASE_URL: testDb.databaseUrl } : {}),
      });
      const running = await startWorkerProcess(config, createLogger('silent'), { pollIntervalMs: 50 });
      try {
        const schedules = await running.db.selectFrom('job_schedules').select('name').execute();
        expect(schedules.map((s) => s.name)).toContain('consent.lapse_sweep');
        // A worker leaves the demo school to the server.
        expect(await running.db.selectFrom('schools').select('id').execute()).toEqual([]);
        const id = await enqueueJob(running.db, CONSENT_LAPSE_QUEUE, new Date());
        expect(id).toBeDefined();
        expect(await waitForJob(running.db, id ?? '')).toBe('done');
      } finally {
        await running.close();
        await testDb?.destroy();
        await rm(dataDir, { recursive: true, force: true });
      }
    });
  });
}
