import { seedDemoPeople } from '../src/demo/demo-people.js';
import { importRoster } from '../src/people/import-roster.js';
import { parseRosterUploads } from '../src/people/roster-parse.js';
import { createDb } from '../src/platform/db/create-db.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';
import { createSchool } from '../src/schools/create-school.js';
import { openStaffHandover } from '../src/staff-use/open-staff-handover.js';
import { type BenchRow, row } from './harness.js';
import { buildLargeRosterCsv } from './large-roster.js';

const suite = 'roster-import';
const today = '2026-11-24';
const system = { kind: 'system', label: 'bench' } as const;

export default async function rosterImportBench(): Promise<BenchRow[]> {
  const bytes = buildLargeRosterCsv(today);
  const upload = { name: 'large-roster.csv', bytes };
  const parsed = parseRosterUploads([upload]);
  const rows: BenchRow[] = [];

  const parseStart = performance.now();
  parseRosterUploads([upload]);
  rows.push(
    row(
      suite,
      'parse and validate (simple CSV)',
      Math.round(performance.now() - parseStart),
      'ms',
      undefined,
      `${parsed.pupils.length} pupils, ${parsed.carers.length} carers, ${parsed.staff.length} staff`,
    ),
  );

  const db = createDb({});
  try {
    await migrateToLatest(db);
    const school = await createSchool(db, system, {
      name: 'Bench Academy',
      officialEmailDomains: ['bench.example'],
    });
    const first = performance.now();
    await importRoster(
      db,
      system,
      {
        schoolId: school.id,
        files: [upload],
        dryRun: false,
        full: true,
        today,
      },
      { onStaffLeft: openStaffHandover },
    );
    rows.push(
      row(
        suite,
        'first import, 2,000 pupils + 3,500 carers + 200 staff (PGlite)',
        Math.round(performance.now() - first),
        'ms',
        '<= 10000',
        `${parsed.pupils.length} pupils, ${parsed.carers.length} carers, ${parsed.staff.length} staff, parse included`,
      ),
    );
    const again = performance.now();
    const result = await importRoster(
      db,
      system,
      {
        schoolId: school.id,
        files: [upload],
        dryRun: false,
        full: true,
        today,
      },
      { onStaffLeft: openStaffHandover },
    );
    rows.push(
      row(
        suite,
        're-import of the same file (no changes)',
        Math.round(performance.now() - again),
        'ms',
        undefined,
        `${result.diff.pupils.unchanged} pupils unchanged`,
      ),
    );

    const demoSchool = await createSchool(db, system, {
      name: 'Demo Bench',
      officialEmailDomains: ['demobench.example'],
    });
    const demo = performance.now();
    await seedDemoPeople(db, demoSchool.id, today);
    rows.push(
      row(
        suite,
        'demo people seed (~600 pupils, ~1,000 carers, 60 staff)',
        Math.round(performance.now() - demo),
        'ms',
        '<= 5000',
      ),
    );
  } finally {
    await db.destroy();
  }
  return rows;
}
