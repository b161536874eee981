import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from './create-db.js';
import { migrateToLatest, migrationStatus } from './migrate.js';
import { migrations } from './migrations/index.js';
import { createTestDb, type TestDb, testEngines } from './test-db.js';

for (const engine of testEngines()) {
  describe(`migrations on ${engine}`, () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await createTestDb(engine);
    });
    afterAll(async () => {
      await t.destroy();
    });

    it('has applied every migration in the index, in order', async () => {
      const status = await migrationStatus(t.db);
      expect(status.applied).toEqual(Object.keys(migrations).sort());
      expect(status.pending).toEqual([]);
    });

    it('is a no-op when run again', async () => {
      expect(await migrateToLatest(t.db)).toEqual([]);
    });

    it('returns DATE columns as ISO strings and enforces one current policy per school', async () => {
      const school = await t.db
        .insertInto('schools')
        .values({ name: 'Test', official_email_domains: ['test.example'] })
        .returning('id')
        .executeTakeFirstOrThrow();
      const base = {
        school_id: school.id,
        title: 'P',
        document_text: 'x',
        document_hash: 'h',
        source: 'import' as const,
        format: 'text' as const,
        sections: JSON.stringify([]),
        effective_from: '2020-01-31',
        next_review_due: '2021-01-31',
        is_current: true,
      };
      await t.db
        .insertInto('policy_versions')
        .values({ ...base, label: 'a' })
        .execute();
      const row = await t.db.selectFrom('policy_versions').select('effective_from').executeTakeFirstOrThrow();
      expect(row.effective_from).toBe('2020-01-31');
      await expect(
        t.db
          .insertInto('policy_versions')
          .values({ ...base, label: 'b' })
          .execute(),
      ).rejects.toThrow(/policy_versions_one_current/);
    });
  });
}

describe('a PGlite data folder', () => {
  it('is created, migrated and kept between opens', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'guardpost-data-'));
    try {
      const first = createDb({ dataDir: dir });
      expect(await migrateToLatest(first)).toEqual(Object.keys(migrations).sort());
      await first
        .insertInto('schools')
        .values({ name: 'Kept', official_email_domains: ['kept.example'] })
        .execute();
      await first.destroy();
      const second = createDb({ dataDir: dir });
      expect(await migrateToLatest(second)).toEqual([]);
      const names = await sql<{ name: string }>`select name from schools`.execute(second);
      expect(names.rows.map((r) => r.name)).toEqual(['Kept']);
      await second.destroy();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
