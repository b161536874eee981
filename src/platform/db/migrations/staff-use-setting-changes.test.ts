import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testEngines } from '../test-db.js';
import { down, up } from './2026-12-05-0500-staff-use-setting-changes.js';

for (const engine of testEngines()) {
  describe(`the attestation period's history on ${engine}`, () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await createTestDb(engine);
    });
    afterAll(async () => {
      await t.destroy();
    });

    it('carries a school’s current setting over as a change effective when it was last saved', async () => {
      await down(t.db);
      const school = await t.db
        .insertInto('schools')
        .values({ name: 'Yearly School', official_email_domains: ['yearly.example'] })
        .returning('id')
        .executeTakeFirstOrThrow();
      const savedAt = new Date('2026-10-05T09:00:00Z');
      await t.db
        .insertInto('staff_use_settings')
        .values({
          school_id: school.id,
          attestation_period: 'year',
          updated_at: savedAt,
          updated_by_staff_id: null,
        })
        .execute();
      await up(t.db);
      expect(
        await t.db
          .selectFrom('staff_use_setting_changes')
          .select(['school_id', 'attestation_period', 'effective_at', 'changed_by_staff_id'])
          .execute(),
      ).toEqual([
        {
          school_id: school.id,
          attestation_period: 'year',
          effective_at: savedAt,
          changed_by_staff_id: null,
        },
      ]);
    });
  });
}
