import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs, type TestSignIn } from '../platform/auth/test-session.js';
import { testEngines } from '../platform/db/test-db.js';
import { createTestApp, type TestApp } from '../server/test-app.js';
import { attestPrivacy } from '../staff-use/attest-privacy.js';
import { attestSelfAudit } from '../staff-use/attest-self-audit.js';
import { updateStaffUseSettings } from '../staff-use/update-staff-use-settings.js';
import { getGovernorsReport } from './get-governors-report.js';
import type { GovernorsReport } from './governors-report.js';

const system = { kind: 'system', label: 'staff use figures test' } as const;
const SUMMER = { from: '2026-04-01', to: '2026-08-31' } as const;

function staffUse(report: GovernorsReport) {
  const section = report.sections.find((s) => s.key === 'staff_use');
  return Object.fromEntries((section?.figures ?? []).map((f) => [f.key, f.value]));
}

for (const engine of testEngines()) {
  describe(`the report's staff-use figures on ${engine}`, () => {
    let t: TestApp;
    let schoolId: string;
    let head: TestSignIn;
    const staff: TestSignIn[] = [];

    beforeAll(async () => {
      t = await createTestApp(engine, '2026-05-11T09:00:00Z');
      const db = t.testDb.db;
      schoolId = (
        await db
          .insertInto('schools')
          .values({ name: 'Hollowmere School', official_email_domains: ['hollowmere.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      const now = t.clock.now();
      head = await signInAs(db, { schoolId, roles: ['staff', 'headteacher'], now });
      for (let i = 0; i < 9; i++) staff.push(await signInAs(db, { schoolId, roles: ['staff'], now }));
      // On the roll since January (the factory stamps the real time, which may be after the summer term).
      await db
        .updateTable('staff_memberships')
        .set({ created_at: new Date('2026-01-05T09:00:00Z'), updated_at: new Date('2026-01-05T09:00:00Z') })
        .where('school_id', '=', schoolId)
        .execute();
      // In the summer term, asked each term: four of the ten attest privacy settings, two self-audit.
      for (const member of staff.slice(0, 4)) {
        await attestPrivacy(
          db,
          member.actor,
          { platform: 'instagram', confirmed: ['private-account', 'find-by-contact'] },
          now,
          '2026-05-11',
        );
      }
      for (const member of staff.slice(0, 2)) {
        await attestSelfAudit(
          db,
          member.actor,
          { platform: 'instagram', followersChecked: 120, matches: 0, allResolved: true },
          now,
          '2026-05-11',
        );
      }
    });
    afterAll(async () => {
      await t.close();
    });

    const report = (range: { from: string; to: string }, at: string) =>
      getGovernorsReport(t.testDb.db, system, { schoolId, ...range }, new Date(at));

    it('keeps a past term’s figures when the school later changes how often staff attest', async () => {
      const before = staffUse(await report(SUMMER, '2026-09-01T09:00:00Z'));
      expect(before).toEqual({
        'staff_use.period': { kind: 'text', text: 'summer term 2026' },
        'staff_use.privacy_rate': { kind: 'percent', value: 40, band: null },
        'staff_use.self_audit_rate': { kind: 'percent', value: 20, band: null },
      });
      // In the autumn the school asks once a school year instead; the summer term's report is unchanged.
      t.clock.set(new Date('2026-10-05T09:00:00Z'));
      await updateStaffUseSettings(t.testDb.db, head.actor, { attestationPeriod: 'year' }, t.clock.now());
      expect(staffUse(await report(SUMMER, '2026-10-06T09:00:00Z'))).toEqual(before);
      // A range ending after the change is counted under the new setting: the school year 2026–27.
      await attestPrivacy(
        t.testDb.db,
        (staff[5] as TestSignIn).actor,
        { platform: 'instagram', confirmed: ['private-account'] },
        t.clock.now(),
        '2026-10-05',
      );
      const autumn = staffUse(await report({ from: '2026-09-01', to: '2026-12-31' }, '2027-01-05T09:00:00Z'));
      expect(autumn['staff_use.period']).toEqual({ kind: 'text', text: 'school year 2026–27' });
      expect(autumn['staff_use.privacy_rate']).toEqual({ kind: 'percent', value: 10, band: null });
      // Back to each term in the spring: neither earlier report moves.
      t.clock.set(new Date('2027-02-01T09:00:00Z'));
      await updateStaffUseSettings(t.testDb.db, head.actor, { attestationPeriod: 'term' }, t.clock.now());
      expect(staffUse(await report(SUMMER, '2027-02-02T09:00:00Z'))).toEqual(before);
      expect(
        staffUse(await report({ from: '2026-09-01', to: '2026-12-31' }, '2027-02-02T09:00:00Z')),
      ).toEqual(autumn);
      // Each change is kept with the instant it took effect.
      const changes = await t.testDb.db
        .selectFrom('staff_use_setting_changes')
        .select(['attestation_period', 'effective_at', 'changed_by_staff_id'])
        .where('school_id', '=', schoolId)
        .orderBy('seq')
        .execute();
      expect(changes).toEqual([
        {
          attestation_period: 'year',
          effective_at: new Date('2026-10-05T09:00:00Z'),
          changed_by_staff_id: head.actor.staffId,
        },
        {
          attestation_period: 'term',
          effective_at: new Date('2027-02-01T09:00:00Z'),
          changed_by_staff_id: head.actor.staffId,
        },
      ]);
    });
  });
}
