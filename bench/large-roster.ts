// A school-sized roster as one simple CSV, shared by the roster-import and load benches.
import { strToU8 } from 'fflate';
import { generateDemoRoster } from '../src/demo/demo-people.js';
import { simpleRosterColumns } from '../src/people/roster-parse.js';

/** The size: 2,000 pupils, 3,500 carers, 200 staff, as one simple CSV (generated names). */
export function buildLargeRosterCsv(today: string): Uint8Array {
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
