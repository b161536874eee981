import { open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemoSchool } from '../src/demo/demo-school.js';
import { testDemoDeps } from '../src/demo/testing.js';
import { recordAudit, verifyAuditChain } from '../src/platform/audit/audit.js';
import { restoreBackup, takeBackup } from '../src/platform/backup/backup.js';
import { BACKUP_MAGIC } from '../src/platform/backup/backup-file.js';
import { createKeyring, generateMasterKey } from '../src/platform/crypto/envelope.js';
import type { Database } from '../src/platform/db/database.js';
import { createEmptyTestDb, createTestDb, type TestDb, testEngines } from '../src/platform/db/test-db.js';
import { enqueueJob } from '../src/platform/jobs/jobs.js';

const keyring = createKeyring(generateMasterKey());
const tmp = path.join(os.tmpdir(), `guardpost-backup-test-${process.pid}`);

/** Every row of a table as text, sorted: two databases hold the same rows when these are equal. */
async function tableContent(db: Kysely<Database>, table: string): Promise<string[]> {
  const rows = await sql<{ r: string }>`select to_jsonb(t)::text as r from ${sql.id(table)} t`.execute(db);
  return rows.rows.map((row) => row.r).sort();
}

async function rowCount(db: Kysely<Database>, table: string): Promise<number> {
  const rows = await sql<{ n: number }>`select count(*)::int as n from ${sql.id(table)}`.execute(db);
  return rows.rows[0]?.n ?? 0;
}

for (const engine of testEngines()) {
  describe(`backup and restore on ${engine}`, () => {
    let source: TestDb;
    let schoolId: string;
    const targets: TestDb[] = [];
    const file = path.join(tmp, `${engine}.gpbackup`);

    async function emptyTarget(): Promise<TestDb> {
      const target = await createEmptyTestDb(engine);
      targets.push(target);
      return target;
    }

    beforeAll(async () => {
      await rm(tmp, { recursive: true, force: true });
      await import('node:fs/promises').then((fs) => fs.mkdir(tmp, { recursive: true }));
      source = await createTestDb(engine);
      const demo = await ensureDemoSchool(source.db, testDemoDeps());
      if (!demo) throw new Error('demo school not seeded');
      schoolId = demo.school.id;
    }, 240_000);

    afterAll(async () => {
      for (const target of targets) await target.destroy();
      await source?.destroy();
    });

    it('restores a backup taken while writes were going on: every committed row, chains that verify', async () => {
      // A writer keeps committing a job and its audit row in one transaction while the backup runs.
      const committed: string[] = [];
      let writing = true;
      const writer = (async () => {
        let n = 0;
        while (writing) {
          n++;
          const marker = `w${n}`;
          await source.db.transaction().execute(async (tx) => {
            await enqueueJob(tx, 'backup.test', new Date(), { payload: { marker } });
            await recordAudit(tx, {
              actor: { kind: 'system', label: 'backup-test' },
              schoolId,
              event: {
                type: 'audit.exported',
                subject: { type: 'school', id: schoolId },
                data: { filters: { marker } },
              },
            });
          });
          committed.push(marker);
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      while (committed.length < 5) await new Promise((resolve) => setTimeout(resolve, 5));
      const committedBefore = [...committed];
      const summary = await takeBackup(source.db, { file, secret: { keyring }, engine, now: new Date() });
      const afterBackup = committed.length;
      while (committed.length < afterBackup + 5) await new Promise((resolve) => setTimeout(resolve, 5));
      writing = false;
      await writer;
      expect(summary.rows).toBeGreaterThan(100);

      const target = await emptyTarget();
      const restored = await restoreBackup(target.db, { file, secret: { keyring } });
      expect(restored.rows).toBe(summary.rows);
      expect(restored.migratedAfter).toEqual([]);

      // Every write committed before the backup began is there, with its audit row; none is half there.
      const jobs = await target.db
        .selectFrom('jobs')
        .select('payload')
        .where('queue', '=', 'backup.test')
        .execute();
      const jobMarkers = jobs.map((j) => String((j.payload as { marker?: string }).marker)).sort();
      const audits = await target.db
        .selectFrom('audit_events')
        .select('data')
        .where('actor_label', '=', 'system:backup-test')
        .execute();
      const auditMarkers = audits
        .map((a) => String((a.data as { filters: { marker: string } }).filters.marker))
        .sort();
      for (const marker of committedBefore) expect(jobMarkers).toContain(marker);
      expect(auditMarkers).toEqual(jobMarkers);
      // Writes after the backup finished are not in it.
      expect(jobMarkers.length).toBeLessThan(committed.length);

      expect(await verifyAuditChain(target.db, schoolId)).toMatchObject({ ok: true });
      expect(await verifyAuditChain(target.db, null)).toMatchObject({ ok: true });
      // Tables the writer did not touch are row for row what the source holds.
      for (const table of [
        'schools',
        'pupils',
        'carers',
        'staff',
        'consents',
        'posts',
        'data_keys',
        'accounts',
      ]) {
        expect(await tableContent(target.db, table), table).toEqual(await tableContent(source.db, table));
      }
      expect(await rowCount(target.db, 'pupils')).toBeGreaterThan(0);
      // Sequences continue after the restored rows: the chain takes its next event.
      await target.db.transaction().execute((tx) =>
        recordAudit(tx, {
          actor: { kind: 'system', label: 'backup-test' },
          schoolId,
          event: { type: 'audit.exported', subject: { type: 'school', id: schoolId }, data: { filters: {} } },
        }),
      );
      expect(await verifyAuditChain(target.db, schoolId)).toMatchObject({ ok: true });
    }, 240_000);

    it('refuses a database that is not empty', async () => {
      await expect(restoreBackup(source.db, { file, secret: { keyring } })).rejects.toMatchObject({
        code: 'RestoreTargetNotEmpty',
      });
    });

    it('refuses a wrong master key and a wrong passphrase, restoring nothing', async () => {
      const other = createKeyring(generateMasterKey());
      const target = await emptyTarget();
      await expect(restoreBackup(target.db, { file, secret: { keyring: other } })).rejects.toMatchObject({
        code: 'BackupWrongKey',
      });
      const withPassphrase = path.join(tmp, `${engine}-passphrase.gpbackup`);
      await takeBackup(source.db, {
        file: withPassphrase,
        secret: { passphrase: 'correct horse battery staple' },
        engine,
        now: new Date(),
      });
      await expect(
        restoreBackup(target.db, {
          file: withPassphrase,
          secret: { passphrase: 'wrong horse battery staple' },
        }),
      ).rejects.toMatchObject({ code: 'BackupWrongKey' });
      await expect(
        restoreBackup(target.db, { file: withPassphrase, secret: { keyring } }),
      ).rejects.toMatchObject({
        code: 'BackupNeedsPassphrase',
      });
      const restored = await restoreBackup(target.db, {
        file: withPassphrase,
        secret: { passphrase: 'correct horse battery staple' },
      });
      expect(restored.rows).toBeGreaterThan(100);
    }, 240_000);

    it('refuses a backup from a newer schema', async () => {
      const text = await readFile(file);
      const firstLine = text.indexOf(0x0a);
      const secondLine = text.indexOf(0x0a, firstLine + 1);
      const header = JSON.parse(text.subarray(firstLine + 1, secondLine).toString('utf8'));
      header.migrations.push('2099-01-01-0000-from-the-future');
      const newer = path.join(tmp, `${engine}-newer.gpbackup`);
      await writeFile(
        newer,
        Buffer.concat([
          Buffer.from(`${BACKUP_MAGIC}\n${JSON.stringify(header)}\n`),
          text.subarray(secondLine + 1),
        ]),
      );
      const target = await emptyTarget();
      await expect(restoreBackup(target.db, { file: newer, secret: { keyring } })).rejects.toMatchObject({
        code: 'BackupSchemaNewer',
      });
    });

    it('refuses a truncated or altered file and leaves the database empty', async () => {
      const { size } = await stat(file);
      const truncated = path.join(tmp, `${engine}-truncated.gpbackup`);
      await writeFile(truncated, (await readFile(file)).subarray(0, Math.floor(size * 0.6)));
      const altered = path.join(tmp, `${engine}-altered.gpbackup`);
      const bytes = await readFile(file);
      bytes[Math.floor(size * 0.7)] = (bytes[Math.floor(size * 0.7)] ?? 0) ^ 0x01;
      await writeFile(altered, bytes);
      const target = await emptyTarget();
      for (const broken of [truncated, altered]) {
        await expect(restoreBackup(target.db, { file: broken, secret: { keyring } })).rejects.toMatchObject({
          code: 'BackupCorrupt',
        });
        expect(await rowCount(target.db, 'schools')).toBe(0);
        expect(await rowCount(target.db, 'audit_events')).toBe(0);
      }
      const notBackup = path.join(tmp, `${engine}-not.gpbackup`);
      const handle = await open(notBackup, 'w');
      await handle.write('hello\n');
      await handle.close();
      await expect(restoreBackup(target.db, { file: notBackup, secret: { keyring } })).rejects.toMatchObject({
        code: 'BackupCorrupt',
      });
      // After the refusals the same database still takes the good backup.
      const restored = await restoreBackup(target.db, { file, secret: { keyring } });
      expect(restored.rows).toBeGreaterThan(100);
    }, 240_000);
  });
}
