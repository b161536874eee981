import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles } from '../platform/auth/roles.js';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import { demoAccounts, generateDemoRoster, parentWord } from './demo-people.js';
import { ensureDemoSchool } from './demo-school.js';
import { testDemoDeps } from './testing.js';

function ageOn(dateOfBirth: string, on: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

describe('generated demo people', () => {
  const today = '2026-11-24';
  const roster = generateDemoRoster(today);

  it('is the same every time', () => {
    expect(generateDemoRoster(today)).toEqual(roster);
  });

  it('has about 600 pupils in years 7–13, with recent leavers some of whom are under 18', () => {
    const current = roster.pupils.filter((p) => p.status === 'current');
    const leavers = roster.pupils.filter((p) => p.status === 'left');
    expect(roster.pupils.length).toBeGreaterThanOrEqual(580);
    expect(roster.pupils.length).toBeLessThanOrEqual(640);
    expect(new Set(current.map((p) => p.yearGroup))).toEqual(new Set([7, 8, 9, 10, 11, 12, 13]));
    expect(leavers.every((p) => p.leftOn !== null && p.leftOn >= '2024-11-24' && p.leftOn <= today)).toBe(
      true,
    );
    expect(leavers.some((p) => ageOn(p.dateOfBirth as string, today) < 18)).toBe(true);
    expect(leavers.some((p) => ageOn(p.dateOfBirth as string, today) >= 18)).toBe(true);
    // Year 7 in autumn 2026: born September 2014 to August 2015.
    const year7 = current.filter((p) => p.yearGroup === 7).map((p) => p.dateOfBirth as string);
    expect(year7.every((d) => d >= '2014-09-01' && d <= '2015-08-31')).toBe(true);
  });

  it('has about 1,000 carers, every one linked, and 60 staff covering every role', () => {
    expect(roster.carers.length).toBeGreaterThanOrEqual(900);
    expect(roster.carers.length).toBeLessThanOrEqual(1100);
    expect(roster.carers.every((c) => c.links.length > 0)).toBe(true);
    expect(roster.staff).toHaveLength(60);
    expect(new Set(roster.staff.flatMap((s) => s.roles ?? []))).toEqual(new Set(roles));
    expect(new Set(roster.staff.map((s) => s.email)).size).toBe(60);
    for (const account of demoAccounts) expect(roster.staff.map((s) => s.email)).toContain(account.email);
  });

  it('never gives a pupil and a member of staff the same name', () => {
    const staffNames = new Set(roster.staff.map((s) => `${s.givenName} ${s.familyName}`));
    const clashes = roster.pupils.filter((p) => staffNames.has(`${p.givenName} ${p.familyName}`));
    expect(clashes.map((p) => `${p.givenName} ${p.familyName}`)).toEqual([]);
    // The same holds for other seeds, not only the one the demo school uses.
    for (const seed of [1, 2, 3, 42]) {
      const other = generateDemoRoster(today, seed);
      const names = new Set(other.staff.map((s) => `${s.givenName} ${s.familyName}`));
      expect(other.pupils.filter((p) => names.has(`${p.givenName} ${p.familyName}`))).toEqual([]);
    }
  });

  it('words a parent by their name: a mother has a girl’s name, a father a boy’s, otherwise "parent"', () => {
    for (const carer of roster.carers) {
      for (const link of carer.links) {
        if (link.relationship === 'mother')
          expect(parentWord(carer.givenName), carer.givenName).toBe('mother');
        if (link.relationship === 'father')
          expect(parentWord(carer.givenName), carer.givenName).toBe('father');
      }
    }
    expect(parentWord('Callum')).toBe('father');
    expect(parentWord('Daisy')).toBe('mother');
    expect(parentWord('Alex')).toBe('parent');
    const words = new Set(roster.carers.flatMap((c) => c.links.map((l) => l.relationship)));
    expect(words).toEqual(
      new Set(['mother', 'father', 'parent', 'step-parent', 'grandparent', 'foster carer']),
    );
  });

  it('uses names that test matching: words, apostrophes, hyphens, diacritics', () => {
    const names = roster.pupils.flatMap((p) => [p.givenName, p.familyName]);
    for (const word of ['Grace', 'Will', 'Summer', 'Hope', 'Joy']) expect(names).toContain(word);
    expect(names.some((n) => n.includes("'"))).toBe(true);
    expect(names.some((n) => n.includes('-'))).toBe(true);
    expect(names.some((n) => /[ëéâáíóú]/.test(n))).toBe(true);
  });
});

for (const engine of testEngines()) {
  describe(`demo people on ${engine}`, () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await createTestDb(engine);
    });
    afterAll(async () => {
      await t.destroy();
    });

    // Their write time is measured in bench/roster-import.bench.ts; a shared machine makes a timing test flaky.
    it('are written with the demo school', async () => {
      const demo = await ensureDemoSchool(t.db, testDemoDeps());
      expect(demo?.created).toBe(true);
      const schoolId = demo?.school.id as string;
      const count = async (table: 'pupils' | 'carers' | 'staff_memberships') =>
        Number(
          (
            await t.db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll<string>().as('n'))
              .where('school_id', '=', schoolId)
              .executeTakeFirstOrThrow()
          ).n,
        );
      expect(await count('pupils')).toBeGreaterThanOrEqual(580);
      expect(await count('carers')).toBeGreaterThanOrEqual(900);
      expect(await count('staff_memberships')).toBe(60);
      const head = await t.db
        .selectFrom('staff as s')
        .innerJoin('staff_memberships as m', 'm.staff_id', 's.id')
        .select('m.roles')
        .where('s.email', '=', 'head@take1studios.example')
        .executeTakeFirstOrThrow();
      expect(head.roles).toContain('headteacher');
    });
  });
}
