import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsentFamily } from '../consent/testing.js';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import { accountLabels, pupilLabels } from './takedown-labels.js';
import { buildPostingAccount } from './testing.js';

for (const engine of testEngines()) {
  describe(`archive and takedown labels on ${engine}`, () => {
    let t: TestDb;
    let schoolId: string;
    let otherSchoolId: string;

    beforeAll(async () => {
      t = await createTestDb(engine);
      const school = (name: string) =>
        t.db
          .insertInto('schools')
          .values({ name, official_email_domains: [`${name.toLowerCase()}.example`] })
          .returning('id')
          .executeTakeFirstOrThrow();
      schoolId = (await school('Labels')).id;
      otherSchoolId = (await school('Elsewhere')).id;
    });
    afterAll(async () => {
      await t.destroy();
    });

    it('names and initials pupils of the school only, preferring the preferred name', async () => {
      const plain = await buildConsentFamily(t.db, { schoolId, key: 'LA' });
      const preferred = await buildConsentFamily(t.db, { schoolId, key: 'LB' });
      const foreign = await buildConsentFamily(t.db, { schoolId: otherSchoolId, key: 'LC' });
      await t.db
        .updateTable('pupils')
        .set({ preferred_name: 'Zed' })
        .where('id', '=', preferred.pupilId)
        .execute();
      const labels = await pupilLabels(t.db, schoolId, [plain.pupilId, preferred.pupilId, foreign.pupilId]);
      expect(labels.get(plain.pupilId)).toEqual({ name: 'PupilLA Testfamily', initials: 'PT' });
      expect(labels.get(preferred.pupilId)).toEqual({ name: 'Zed Testfamily', initials: 'ZT' });
      expect(labels.has(foreign.pupilId)).toBe(false);
      expect((await pupilLabels(t.db, schoolId, [])).size).toBe(0);
    });

    it("gives an account's platform and handle", async () => {
      const staff = await t.db
        .insertInto('staff')
        .values({ email: 'owner@labels.example', given_name: 'Owner', family_name: 'Labels' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const accountId = await buildPostingAccount(t.db, { schoolId, ownerIds: [staff.id], key: 'lbl' });
      expect((await accountLabels(t.db, [accountId])).get(accountId)).toEqual({
        platform: 'x',
        handle: '@posts_lbl',
      });
    });
  });
}
