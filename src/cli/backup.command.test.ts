import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import { runCliCaptured } from './test-cli.js';

for (const engine of testEngines()) {
  describe(`guardpost backup and restore on ${engine}`, () => {
    let dir: string;
    let source: TestDb | undefined;
    let target: TestDb | undefined;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'guardpost-backup-cli-'));
      if (engine === 'postgres') {
        source = await createEmptyTestDb('postgres');
        target = await createEmptyTestDb('postgres');
      }
    });
    afterAll(async () => {
      await source?.destroy();
      await target?.destroy();
      await rm(dir, { recursive: true, force: true });
    });

    const envOf = (name: string, db: TestDb | undefined) => ({
      GUARDPOST_DATA_DIR: path.join(dir, name),
      DATABASE_URL: db?.databaseUrl,
      GUARDPOST_SEED_DEMO: 'false',
      LOG_LEVEL: 'silent',
    });

    it('backs up one database and restores it into an empty one, whose chains verify; refuses to restore over data', async () => {
      const from = envOf('from', source);
      const to = envOf('to', target);
      expect(
        (
          await runCliCaptured(
            ['school', 'create', '--name', 'Backup School', '--domain', 'backup.example'],
            from,
          )
        ).code,
      ).toBe(0);
      const passphraseFile = path.join(dir, 'passphrase.txt');
      await writeFile(passphraseFile, 'a long enough passphrase\n');
      const file = path.join(dir, 'school.gpbackup');
      const backup = await runCliCaptured(
        ['backup', file, '--passphrase-file', passphraseFile, '--json'],
        from,
      );
      expect(backup.stderr).toBe('');
      expect(backup.code).toBe(0);
      expect(JSON.parse(backup.stdout)).toMatchObject({ file, engine });

      const withoutPassphrase = await runCliCaptured(['restore', file, '--json'], to);
      expect(withoutPassphrase.code).toBe(1);
      expect(JSON.parse(withoutPassphrase.stdout).error.code).toBe('BackupNeedsPassphrase');

      const restored = await runCliCaptured(
        ['restore', file, '--passphrase-file', passphraseFile, '--json'],
        to,
      );
      expect(restored.stderr).toBe('');
      expect(restored.code).toBe(0);
      expect(JSON.parse(restored.stdout)).toMatchObject({ missingMasterKeys: [] });

      const schools = await runCliCaptured(['school', 'list', '--json'], to);
      expect(schools.stdout).toContain('Backup School');
      const verified = await runCliCaptured(['audit', 'verify', '--json'], to);
      expect(verified.code).toBe(0);
      expect(JSON.parse(verified.stdout).ok).toBe(true);

      const again = await runCliCaptured(
        ['restore', file, '--passphrase-file', passphraseFile, '--json'],
        to,
      );
      expect(again.code).toBe(1);
      expect(JSON.parse(again.stdout).error.code).toBe('RestoreTargetNotEmpty');
    }, 180_000);
  });
}
