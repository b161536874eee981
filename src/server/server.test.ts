import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../platform/config.js';
import { createLogger } from '../platform/logger.js';
import { startServer } from './server.js';

describe('startServer on a fresh data folder', () => {
  it('seeds the demo school, hands back the generated demo password once, and answers /health', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'guardpost-start-'));
    const config = loadConfig({ NODE_ENV: 'test', GUARDPOST_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    try {
      const first = await startServer({ ...config, port: 0 }, createLogger('silent'));
      // Shown on the console by `guardpost start`; the log itself redacts passwords.
      expect(first.generatedDemoPassword).toMatch(/^[A-Za-z0-9_-]{16}$/);
      const health = await first.app.inject({ method: 'GET', url: '/health' });
      expect(health.json()).toEqual({ status: 'ok', database: 'pglite' });
      await first.close();

      const second = await startServer({ ...config, port: 0 }, createLogger('silent'));
      expect(second.generatedDemoPassword).toBeUndefined();
      await second.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
