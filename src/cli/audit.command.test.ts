import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tamperWithAuditLog } from '../platform/audit/test-tamper.js';
import { createDb } from '../platform/db/create-db.js';
import type { Db } from '../platform/db/database.js';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import { runCliCaptured } from './test-cli.js';

for (const engine of testEngines()) {
  describe(`guardpost audit verify on ${engine}`, () => {
    let dataDir: string;
    let t: TestDb | undefined;
    let env: Record<string, string | undefined>;
    beforeAll(async () => {
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'guardpost-audit-'));
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

    /** The CLI's database, opened after it has closed it (PGlite allows one user of a folder). */
    async function withCliDb(run: (db: Db) => Promise<void>): Promise<void> {
      if (t) return run(t.db);
      const db = createDb({ dataDir });
      try {
        await run(db);
      } finally {
        await db.destroy();
      }
    }

    it('exits 0 on intact chains and 1 naming the first altered row', async () => {
      const created = await runCliCaptured(
        ['school', 'create', '--name', 'Verify School', '--domain', 'verify.example', '--json'],
        env,
      );
      expect(created.code).toBe(0);
      const intact = await runCliCaptured(['audit', 'verify', '--json'], env);
      expect(intact.code).toBe(0);
      const report = JSON.parse(intact.stdout);
      expect(report.ok).toBe(true);
      expect(report.chains.map((c: { name: string }) => c.name)).toContain('deployment');

      let schoolId = '';
      let rowId = '';
      await withCliDb(async (db) => {
        const row = await db
          .selectFrom('audit_events')
          .select(['id', 'school_id'])
          .where('school_id', 'is not', null)
          .where('seq', '=', '1')
          .executeTakeFirstOrThrow();
        schoolId = row.school_id ?? '';
        rowId = String(row.id);
        await tamperWithAuditLog(db, (tx) =>
          sql`update audit_events set actor_label = 'someone-else' where id = ${row.id}`.execute(tx),
        );
      });

      const broken = await runCliCaptured(['audit', 'verify'], env);
      expect(broken.code).toBe(1);
      expect(broken.stdout).toContain(`BROKEN  Verify School (${schoolId}): row id ${rowId}, seq 1`);
      const brokenJson = await runCliCaptured(['audit', 'verify', '--school', schoolId, '--json'], env);
      expect(brokenJson.code).toBe(1);
      expect(JSON.parse(brokenJson.stdout).chains[0].verdict).toMatchObject({
        ok: false,
        firstBrokenId: rowId,
        firstBrokenSeq: 1,
      });
      const unknown = await runCliCaptured(
        ['audit', 'verify', '--school', '00000000-0000-4000-8000-000000000000', '--json'],
        env,
      );
      expect(unknown.code).toBe(1);
      expect(JSON.parse(unknown.stdout).error.code).toBe('SchoolNotFound');
      // Several in-process CLI runs, each opening the data folder afresh: slow on a busy machine.
    }, 180_000);

    it('checks the chains against signed checkpoints and names a deleted chain', async () => {
      const created = await runCliCaptured(
        ['school', 'create', '--name', 'Checkpoint School', '--domain', 'checkpoint.example', '--json'],
        env,
      );
      expect(created.code).toBe(0);
      const schoolId: string = JSON.parse(created.stdout).id;
      const signed = await runCliCaptured(['audit', 'checkpoint', '--json'], env);
      expect(signed.code).toBe(0);
      const file: string = JSON.parse(signed.stdout).file;
      expect(file).toBe(path.join(dataDir, 'audit-checkpoints', 'audit-checkpoints.jsonl'));

      const holds = await runCliCaptured(
        ['audit', 'verify', '--school', schoolId, '--checkpoint', file],
        env,
      );
      expect(holds.code).toBe(0);
      expect(holds.stdout).toContain('checkpoints from');

      await withCliDb((db) =>
        tamperWithAuditLog(db, (tx) =>
          sql`delete from audit_events where school_id = ${schoolId}`.execute(tx),
        ),
      );
      // The chain alone cannot tell an empty chain from a deleted one.
      expect((await runCliCaptured(['audit', 'verify', '--school', schoolId], env)).code).toBe(0);
      const caught = await runCliCaptured(
        ['audit', 'verify', '--school', schoolId, '--checkpoint', file, '--json'],
        env,
      );
      expect(caught.code).toBe(1);
      const report = JSON.parse(caught.stdout);
      expect(report.ok).toBe(false);
      expect(report.checkpoints.problems).toMatchObject([{ code: 'ChainDeleted', schoolId }]);
      const missing = await runCliCaptured(
        ['audit', 'verify', '--checkpoint', path.join(dataDir, 'no-such-file.jsonl'), '--json'],
        env,
      );
      expect(missing.code).toBe(1);
      expect(JSON.parse(missing.stdout).error.code).toBe('CheckpointFileNotFound');
    }, 180_000);
  });
}
