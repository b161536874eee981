import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createConnectorRegistry } from '../connectors/connector-registry.js';
import { createMastodonConnector } from '../connectors/mastodon.connector.js';
import { buildConnection, buildConnectorSchool, buildRegisteredAccount } from '../connectors/testing.js';
import { loadConfig } from '../platform/config.js';
import { createTestDb, testEngines } from '../platform/db/test-db.js';
import { createLogger } from '../platform/logger.js';
import { createAppContext } from './context.js';
import { startJobs } from './startup.js';

/** A local instance whose streaming endpoint counts the streams opened and how many are open now. */
async function streamingInstance() {
  const open = new Set<ServerResponse>();
  let opened = 0;
  const server = createServer((req, res) => {
    if (req.url !== '/api/v1/streaming/user/notification') return void res.writeHead(404).end();
    opened++;
    open.add(res);
    res.on('close', () => open.delete(res));
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(':)\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    opened: () => opened,
    openNow: () => open.size,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const waitFor = async (condition: () => boolean) => {
  const until = Date.now() + 5_000;
  while (!condition() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 15));
  return condition();
};

for (const engine of testEngines()) {
  describe(`the comment streams beside the jobs on ${engine}`, () => {
    for (const streaming of [true, false])
      it(`${streaming ? 'follow' : 'do not follow'} a connected Mastodon account with GUARDPOST_MASTODON_STREAMING=${streaming}, and stop with the jobs`, async () => {
        const t = await createTestDb(engine);
        const instance = await streamingInstance();
        const dataDir = await mkdtemp(path.join(os.tmpdir(), 'guardpost-streams-'));
        const config = loadConfig({
          NODE_ENV: 'test',
          GUARDPOST_DATA_DIR: dataDir,
          GUARDPOST_MASTER_KEY: Buffer.alloc(32, 9).toString('base64'),
          GUARDPOST_MASTODON_STREAMING: String(streaming),
        });
        const ctx = createAppContext(config, {
          db: t.db,
          logger: createLogger('silent'),
          connectors: createConnectorRegistry([
            createMastodonConnector({ fetch: globalThis.fetch, now: () => new Date() }),
          ]),
        });
        try {
          const now = new Date();
          const school = await buildConnectorSchool(t.db, now);
          const accountId = await buildRegisteredAccount(t.db, {
            schoolId: school.schoolId,
            ownerIds: [school.owner.actor.staffId],
            platform: 'mastodon',
            handle: '@news@127.0.0.1',
          });
          await buildConnection(t.db, ctx.keyring, {
            schoolId: school.schoolId,
            accountId,
            platform: 'mastodon',
            baseUrl: instance.url,
            now,
          });
          const worker = await startJobs(ctx, { pollIntervalMs: 50 });
          if (streaming) expect(await waitFor(() => instance.openNow() === 1)).toBe(true);
          else await new Promise((resolve) => setTimeout(resolve, 300));
          await worker.stop();
          expect(await waitFor(() => instance.openNow() === 0)).toBe(true);
          expect(instance.opened()).toBe(streaming ? 1 : 0);
        } finally {
          await instance.close();
          await ctx.close();
          await t.destroy();
          await rm(dataDir, { recursive: true, force: true });
        }
      });
  });
}
