import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAppWith, testConfig } from '../../server/test-app.js';
import { verifyAuditChain } from '../audit/audit.js';
import { fixedClock } from '../clock.js';
import { createLogger } from '../logger.js';
import { migrateToLatest, migrationStatus } from './migrate.js';
import { migrations } from './migrations/index.js';
import { createEmptyTestDb, type TestDb, testEngines } from './test-db.js';

/**
 * The last release (main at c7067c6) shipped exactly the migrations dated 2026-11-24, and none of those
 * files changed since, so this prefix of the index is that release's schema.
 */
const previousRelease = Object.fromEntries(
  Object.entries(migrations).filter(([name]) => name.startsWith('2026-11-24-')),
);
/**
 * That release's demo, as it wrote it: `guardpost start` from a checkout of c7067c6 on an empty database,
 * dumped as plain INSERTs (see the fixture's header). The current demo seed cannot stand in for it: it
 * already writes tables the newer migrations add.
 */
function previousReleaseDemo(): string[] {
  const text = gunzipSync(
    readFileSync(new URL('./fixtures/release-2026-11-24-demo.sql.gz', import.meta.url)),
  ).toString('utf8');
  // One statement per INSERT or setval; string values may span lines, so split only before a statement.
  return text.split(/;\n(?=(?:\n|--[^\n]*\n)*(?:INSERT INTO|SELECT pg_catalog\.setval))/);
}
/** When the fixture was written: its email jobs were queued then, so /ready counts lag from here. */
const dumpedAt = '2026-12-02T09:20:00Z';

const newer = Object.keys(migrations).filter((name) => !(name in previousRelease));

async function rowCounts(db: TestDb['db']): Promise<Record<string, number>> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'guardpost_migration%'
    order by table_name`.execute(db);
  const counts: Record<string, number> = {};
  for (const { table_name } of tables.rows) {
    const result = await sql<{
      n: string | number;
    }>`select count(*) as n from ${sql.table(table_name)}`.execute(db);
    counts[table_name] = Number(result.rows[0]?.n);
  }
  return counts;
}

for (const engine of testEngines()) {
  describe(`upgrade from the previous release's demo on ${engine}`, () => {
    let t: TestDb;
    let before: Record<string, number>;
    let schoolId: string;

    beforeAll(async () => {
      t = await createEmptyTestDb(engine);
      expect(Object.keys(previousRelease)).toHaveLength(15);
      await migrateToLatest(t.db, previousRelease);
      await t.db.transaction().execute(async (tx) => {
        for (const statement of previousReleaseDemo()) await sql.raw(statement).execute(tx);
      });
      schoolId = (await t.db.selectFrom('schools').select('id').executeTakeFirstOrThrow()).id;
      before = await rowCounts(t.db);
    }, 120_000);
    afterAll(async () => {
      await t?.destroy();
    });

    it('starts from a filled database: the demo school, its people, accounts, a post and the audit trail', () => {
      for (const table of [
        'schools',
        'staff',
        'staff_credentials',
        'pupils',
        'carers',
        'posts',
        'jobs',
        'audit_events',
      ])
        expect(before[table], table).toBeGreaterThan(0);
    });

    it('lists the newer migrations as pending, applies exactly those, keeps every row and the audit chain', async () => {
      expect(newer.length).toBeGreaterThan(0);
      expect((await migrationStatus(t.db)).pending).toEqual(newer);
      expect(await migrateToLatest(t.db)).toEqual(newer);
      expect((await migrationStatus(t.db)).pending).toEqual([]);

      const after = await rowCounts(t.db);
      // 2026-12-02-0200 replaces sign_in_failures (short-lived counters, empty in the demo) by rate_limit_counters.
      const dropped = new Set(['sign_in_failures']);
      expect(before.sign_in_failures).toBe(0);
      for (const [table, count] of Object.entries(before))
        if (!dropped.has(table)) expect(after[table], table).toBe(count);
      const schoolChain = await verifyAuditChain(t.db, schoolId);
      const deploymentChain = await verifyAuditChain(t.db, null);
      expect(schoolChain.ok && deploymentChain.ok).toBe(true);
      expect(schoolChain.rows + deploymentChain.rows).toBe(before.audit_events);
    });

    it('starts the app on the upgraded database and answers /ready', async () => {
      const app = await buildAppWith(testConfig, {
        db: t.db,
        dbEngine: engine,
        logger: createLogger('silent'),
        clock: fixedClock(dumpedAt),
      });
      try {
        const ready = await app.inject({ method: 'GET', url: '/ready' });
        expect(ready.json().failed).toEqual([]);
        expect(ready.statusCode).toBe(200);
        const policy = await app.inject({ method: 'GET', url: '/api/policy' });
        expect(policy.statusCode).toBe(200);
      } finally {
        await app.close();
      }
    });
  });
}
