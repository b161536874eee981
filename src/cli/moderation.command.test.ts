import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConnectorSchool, buildRegisteredAccount } from '../connectors/testing.js';
import { buildModerationItem } from '../moderation/testing.js';
import { createDb } from '../platform/db/create-db.js';
import type { Db } from '../platform/db/database.js';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import { runCliCaptured } from './test-cli.js';

for (const engine of testEngines()) {
  describe(`guardpost moderation on ${engine}`, () => {
    let dataDir: string;
    let t: TestDb | undefined;
    let env: Record<string, string | undefined>;

    beforeAll(async () => {
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'guardpost-moderation-'));
      if (engine === 'postgres') t = await createTestDb('postgres');
      env = {
        GUARDPOST_DATA_DIR: dataDir,
        DATABASE_URL: t?.databaseUrl,
        GUARDPOST_SEED_DEMO: 'false',
        LOG_LEVEL: 'silent',
        NODE_ENV: 'test',
      };
    });
    afterAll(async () => {
      await t?.destroy();
      await rm(dataDir, { recursive: true, force: true });
    });

    async function withCliDb(run: (db: Db) => Promise<void>): Promise<void> {
      if (t) return run(t.db);
      const db = createDb({ dataDir });
      try {
        await run(db);
      } finally {
        await db.destroy();
      }
    }

    it('lists the queue as JSON, with each item’s clauses and the actions its platform allows', async () => {
      expect((await runCliCaptured(['migrate'], env)).code).toBe(0);
      let itemId = '';
      await withCliDb(async (db) => {
        const school = await buildConnectorSchool(db, new Date());
        const accountId = await buildRegisteredAccount(db, {
          schoolId: school.schoolId,
          ownerIds: [school.owner.actor.staffId],
          platform: 'bluesky',
          handle: 'cli.connector.example',
        });
        itemId = await buildModerationItem(db, { schoolId: school.schoolId, accountId });
      });
      const run = await runCliCaptured(['moderation', 'list', '--json', '--state', 'open'], env);
      expect(run.code).toBe(0);
      const body = JSON.parse(run.stdout) as {
        items: { id: string; clauses: string[]; actions: string[] }[];
      };
      expect(body.items).toHaveLength(1);
      expect(body.items[0]).toMatchObject({ id: itemId, clauses: ['2.3'] });
      expect(body.items[0]?.actions).toEqual(['hide', 'report', 'block', 'limit_replies', 'dismiss']);
      const none = await runCliCaptured(['moderation', 'list', '--state', 'dismissed'], env);
      expect(none.stdout).toContain('No comments in the queue.');
    });
  });
}
