import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../platform/db/create-db.js';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import { runCliCaptured } from './test-cli.js';

for (const engine of testEngines()) {
  describe(`guardpost sar on ${engine}`, () => {
    let dataDir: string;
    let t: TestDb | undefined;
    let env: Record<string, string | undefined>;
    beforeAll(async () => {
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'guardpost-sar-'));
      if (engine === 'postgres') t = await createTestDb('postgres');
      env = {
        GUARDPOST_DATA_DIR: dataDir,
        DATABASE_URL: t?.databaseUrl,
        GUARDPOST_SEED_DEMO: 'false',
        LOG_LEVEL: 'silent',
      };
    });
    afterAll(async () => {
      await t?.destroy();
      await rm(dataDir, { recursive: true, force: true });
    });

    it('opens a request, refuses to export before the review, and writes the zip after it', async () => {
      const created = await runCliCaptured(
        ['school', 'create', '--name', 'Fernwick School', '--domain', 'fernwick.example', '--json'],
        env,
      );
      expect(created.code).toBe(0);
      const schoolId = JSON.parse(created.stdout).id as string;
      // The CLI has closed the database; open it to add a pupil (PGlite allows one user of a folder).
      const db = t ? t.db : createDb({ dataDir });
      const pupil = await db
        .insertInto('pupils')
        .values({
          school_id: schoolId,
          external_id: 'F1',
          given_name: 'Isolde',
          family_name: 'Parrack',
          year_group: 4,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (!t) await db.destroy();

      const opened = await runCliCaptured(['sar', 'open', '--pupil', pupil.id, '--json'], env);
      expect(opened.code).toBe(0);
      const id = JSON.parse(opened.stdout).id as string;
      const file = path.join(dataDir, 'sar.zip');
      const early = await runCliCaptured(['sar', 'export', id, file, '--json'], env);
      expect(early.code).toBe(1);
      expect(JSON.parse(early.stdout).error.code).toBe('SarNotReviewed');
      const shown = await runCliCaptured(['sar', 'show', id], env);
      expect(shown.stdout).toContain(`pupil:${pupil.id}`);
      expect((await runCliCaptured(['sar', 'review', id, '--note', 'Nothing to withhold'], env)).code).toBe(
        0,
      );
      const exported = await runCliCaptured(['sar', 'export', id, file], env);
      expect(exported.code).toBe(0);
      const files = unzipSync(new Uint8Array(await readFile(file)));
      expect(strFromU8(files['personal-data.json'] as Uint8Array)).toContain('Isolde');
      expect(files['personal-data.pdf']?.length).toBeGreaterThan(500);
    }, 240_000);
  });
}
