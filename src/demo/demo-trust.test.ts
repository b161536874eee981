import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../platform/auth/passwords.js';
import { fixedClock } from '../platform/clock.js';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import { DEMO_TRUST, generateSecondSchoolRoster } from './demo-trust.js';
import { seedDemo } from './seed-demo.js';
import { testDemoDeps } from './testing.js';

describe('the second demo school roster', () => {
  it('is small, and shares no name with anyone at the demo school or the trust account', () => {
    const roster = generateSecondSchoolRoster('2026-11-24');
    expect(roster.pupils).toHaveLength(80);
    expect(roster.staff).toHaveLength(8);
    expect(roster.staff.every((s) => s.email.endsWith('@northcliffe.example'))).toBe(true);
    const pupilNames = new Set(roster.pupils.map((p) => `${p.givenName} ${p.familyName}`));
    expect(roster.staff.filter((s) => pupilNames.has(`${s.givenName} ${s.familyName}`))).toEqual([]);
  });
});

for (const engine of testEngines()) {
  describe(`the demo trust on ${engine}`, () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await createTestDb(engine);
    });
    afterAll(async () => {
      await t.destroy();
    });

    it('groups the demo school and a second generated school, with a trust account', async () => {
      const clock = fixedClock('2026-11-24T09:00:00Z');
      await seedDemo(t.db, testDemoDeps(clock), { password: 'demo trust passphrase' });
      await seedDemo(t.db, testDemoDeps(clock), { password: 'demo trust passphrase' });
      const trusts = await t.db.selectFrom('trusts').selectAll().execute();
      expect(trusts.map((x) => x.name)).toEqual([DEMO_TRUST.name]);
      const schools = await t.db
        .selectFrom('trust_schools')
        .innerJoin('schools', 'schools.id', 'trust_schools.school_id')
        .select('schools.name')
        .orderBy('trust_schools.joined_at')
        .execute();
      expect(schools.map((s) => s.name).sort()).toEqual(['Northcliffe Film School', 'Take 1 Studios']);

      // No name is both a pupil's and a member of staff's, across the trust.
      const pupils = await t.db.selectFrom('pupils').select(['given_name', 'family_name']).execute();
      const staff = await t.db.selectFrom('staff').select(['given_name', 'family_name']).execute();
      const pupilNames = new Set(pupils.map((p) => `${p.given_name} ${p.family_name}`));
      expect(staff.filter((s) => pupilNames.has(`${s.given_name} ${s.family_name}`))).toEqual([]);

      const account = await t.db
        .selectFrom('staff')
        .innerJoin('trust_memberships', 'trust_memberships.staff_id', 'staff.id')
        .innerJoin('staff_credentials', 'staff_credentials.staff_id', 'staff.id')
        .select(['trust_memberships.roles', 'staff_credentials.password_hash'])
        .where('staff.email', '=', DEMO_TRUST.account.email)
        .executeTakeFirstOrThrow();
      expect(account.roles).toEqual(['trust_admin', 'trust_safeguarding_lead', 'trust_executive']);
      expect(await verifyPassword(account.password_hash ?? '', 'demo trust passphrase')).toBe(true);
      // The trust account holds no school role.
      const memberships = await t.db
        .selectFrom('staff_memberships')
        .innerJoin('staff', 'staff.id', 'staff_memberships.staff_id')
        .select('staff_memberships.id')
        .where('staff.email', '=', DEMO_TRUST.account.email)
        .execute();
      expect(memberships).toEqual([]);
    }, 240_000);
  });
}
