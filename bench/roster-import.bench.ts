import { strToU8 } from 'fflate';
import { generateDemoRoster, seedDemoPeople } from '../src/people/demo-people.js';
import { importRoster } from '../src/people/roster-import.service.js';
import { parseRosterUploads, simpleRosterColumns } from '../src/people/roster-parse.js';
import { createDb } from '../src/platform/db/create-db.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';
import { createSchool } from '../src/schools/schools.service.js';
import { type BenchRow, row } from './harness.js';

const suite = 'roster-import';
const today = '2026-11-24';
const system = { kind: 'system', label: 'bench' } as const;

/** The size: 2,000 pupils, 3,500 carers, 200 staff, as one simple CSV (generated names). */
function buildLargeRosterCsv(): Uint8Array {
  // Three demo-sized rosters with distinct ids give enough varied names; trim to the target counts.
  const parts = [1, 2, 3, 4].map((seed) => ({ seed, roster: generateDemoRoster(today, seed) }));
  const lines = [[...simpleRosterColumns, 'roles'].join(',')];
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const pupils = parts.flatMap(({ seed, roster }) =>
    roster.pupils.map((p) => ({ ...p, externalId: `${seed}-${p.externalId}` })),
  );
  const kept = new Set(pupils.slice(0, 2000).map((p) => p.externalId));
  for (const p of pupils.slice(0, 2000)) {
    lines.push(
      [
        'pupil',
        p.externalId,
        p.givenName,
        p.familyName,
        p.preferredName ?? '',
        p.dateOfBirth ?? '',
        String(p.yearGroup ?? ''),
        p.status,
        p.leftOn ?? '',
        '',
        '',
        '',
        '',
      ]
        .map(quote)
        .join(','),
    );
  }
  const carers = parts.flatMap(({ seed, roster }) =>
    roster.carers.map((c) => ({
      ...c,
      externalId: `${seed}-${c.externalId}`,
      links: c.links.map((l) => `${seed}-${l.pupilExternalId}`).filter((id) => kept.has(id)),
    })),
  );
  for (const c of carers.filter((c) => c.links.length > 0).slice(0, 3500)) {
    lines.push(
      [
        'carer',
        c.externalId,
        c.givenName,
        c.familyName,
        '',
        '',
        '',
        '',
        '',
        c.email ?? '',
        c.phone ?? '',
        c.links.join(';'),
        '',
      ]
        .map(quote)
        .join(','),
    );
  }
  const staff = parts.flatMap(({ seed, roster }) =>
    roster.staff.map((s) => ({ ...s, externalId: `${seed}-${s.externalId}`, email: `${seed}.${s.email}` })),
  );
  for (const s of staff.slice(0, 200)) {
    lines.push(
      [
        'staff',
        s.externalId,
        s.givenName,
        s.familyName,
        '',
        '',
        '',
        '',
        '',
        s.email,
        '',
        '',
        (s.roles ?? []).join(';'),
      ]
        .map(quote)
        .join(','),
    );
  }
  return strToU8(`${lines.join('\n')}\n`);
}

export default async function rosterImportBench(): Promise<BenchRow[]> {
  const bytes = buildLargeRosterCsv();
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
    await importRoster(db, system, {
      schoolId: school.id,
      files: [upload],
      dryRun: false,
      full: true,
      today,
    });
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
    const result = await importRoster(db, system, {
      schoolId: school.id,
      files: [upload],
      dryRun: false,
      full: true,
      today,
    });
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
