import os from 'node:os';
import { sql } from 'kysely';
import pg from 'pg';
import { createDb } from '../src/platform/db/create-db.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';
import { computeGovernorsReport } from '../src/reports/governors-report.js';
import { computeGovernorsTrends } from '../src/reports/governors-trends.js';
import { getTrustDashboard } from '../src/trusts/get-trust-dashboard.js';
import { type BenchRow, median, row } from './harness.js';
import { generate, SCHOOLS } from './reports-data.js';

/**
 * The governors' report at trust scale (issue 16) on PostgreSQL: 50 schools, 40,000 pupils, 5,000 staff and
 * two school years of generated activity (posts, the archive, returns, takedowns, accounts and their checks,
 * acknowledgements, consents, concerns with decisions and referrals, comments moderated, attestations),
 * bulk-inserted into a fresh database (foreign-key triggers off while loading; reports-data.ts). Then one
 * school's termly report is timed (target: at most 1 s), its six-term trends for context, and the trust
 * dashboard comparing all 50 schools over the same term (target: at most 1 s).
 *
 * Needs PostgreSQL: BENCH_DATABASE_URL or DATABASE_URL (a server where it may create a database);
 * without one the bench says so and measures nothing.
 */
const suite = 'reports';
export default async function reportsBench(): Promise<BenchRow[]> {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write('reports bench: no BENCH_DATABASE_URL or DATABASE_URL (PostgreSQL): skipped\n');
    return [];
  }
  const name = `guardpost_bench_reports_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const benchUrl = new URL(url);
  benchUrl.pathname = `/${name}`;
  const db = createDb({ databaseUrl: benchUrl.toString(), poolSize: 1 });
  const rows: BenchRow[] = [];
  try {
    await migrateToLatest(db);
    const loadStarted = performance.now();
    // One connection: foreign keys are not checked while the generated rows go in.
    await sql`SET session_replication_role = replica`.execute(db);
    const counts = await generate(db);
    await sql`SET session_replication_role = DEFAULT`.execute(db);
    const trust = await db
      .insertInto('trusts')
      .values({ name: 'Bench Schools Trust' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const schoolIds = (await db.selectFrom('schools').select('id').execute()).map((r) => r.id);
    await db
      .insertInto('trust_schools')
      .values(schoolIds.map((id) => ({ trust_id: trust.id, school_id: id })))
      .execute();
    await sql`ANALYZE`.execute(db);
    const loadSeconds = (performance.now() - loadStarted) / 1000;

    const school = await db
      .selectFrom('schools')
      .select(['id', 'name'])
      .orderBy('name')
      .executeTakeFirstOrThrow();
    const input = {
      schoolId: school.id,
      schoolName: school.name,
      from: '2026-04-01',
      to: '2026-08-31',
      producedBy: { name: 'Bench', role: 'System' },
      producedAt: new Date('2026-09-01T09:00:00Z'),
    };
    await computeGovernorsReport(db, input); // warm the plan cache
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now();
      await computeGovernorsReport(db, input);
      times.push(performance.now() - t0);
    }
    const trendTimes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await computeGovernorsTrends(db, { ...input, to: input.to, terms: 6 });
      trendTimes.push(performance.now() - t0);
    }
    const system = { kind: 'system', label: 'bench' } as const;
    const dashboard = () =>
      getTrustDashboard(
        db,
        system,
        { trustId: trust.id, from: input.from, to: input.to },
        '2026-09-01',
        input.producedAt,
      );
    const first = await dashboard(); // warm the plan cache
    if (first.schools.length !== SCHOOLS)
      throw new Error(`the dashboard shows ${first.schools.length} schools`);
    const dashboardTimes: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now();
      await dashboard();
      dashboardTimes.push(performance.now() - t0);
    }
    const termly = median(times);
    rows.push(
      row(suite, "a school's termly governors' report (median of 7)", termly, 'ms', '<= 1000', `${counts}`),
      row(suite, 'the termly report, slowest of 7', Math.max(...times), 'ms'),
      row(suite, 'six-term trends for one school (median of 3)', median(trendTimes), 'ms'),
      row(
        suite,
        `the trust dashboard, ${SCHOOLS} schools side by side for the term (median of 7)`,
        median(dashboardTimes),
        'ms',
        '<= 1000',
      ),
      row(suite, 'the trust dashboard, slowest of 7', Math.max(...dashboardTimes), 'ms'),
      row(suite, 'generating and loading the trust (bulk inserts)', loadSeconds, 's'),
      row(
        suite,
        'machine load average (1 min) after the run',
        os.loadavg()[0] ?? 0,
        'load',
        undefined,
        `${os.cpus().length} cores`,
      ),
    );
  } finally {
    await db.destroy();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.end();
  }
  return rows;
}
