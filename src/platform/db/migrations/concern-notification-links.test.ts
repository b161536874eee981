import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testEngines } from '../test-db.js';
import { up } from './2026-12-02-0600-concern-notification-links.js';

for (const engine of testEngines()) {
  describe(`old concern notification links on ${engine}`, () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await createTestDb(engine);
    });
    afterAll(async () => {
      await t.destroy();
    });

    it('points notifications sent before the fix at the safeguarding pages', async () => {
      const school = await t.db
        .insertInto('schools')
        .values({ name: 'Links School', official_email_domains: ['links.example'] })
        .returning('id')
        .executeTakeFirstOrThrow();
      const staff = await t.db
        .insertInto('staff')
        .values({ email: 'lead@links.example', given_name: 'Ives', family_name: 'Marrow' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const id = '5a0e2c7b-6d95-4bc2-9d54-0e1f2a3b4c55';
      const rows: [string, string][] = [
        ['concern.awaiting', `/concerns/${id}`],
        ['concern.transfer_due', '/concerns/transfers'],
        ['policy.acknowledgement_reminder', '/policy'],
      ];
      for (const [kind, link] of rows)
        await t.db
          .insertInto('notifications')
          .values({
            school_id: school.id,
            staff_id: staff.id,
            kind,
            title: 'Old',
            body: null,
            link,
            created_at: new Date('2026-11-30T09:00:00Z'),
            read_at: null,
          })
          .execute();
      await up(t.db);
      await up(t.db);
      const links = await t.db
        .selectFrom('notifications')
        .select(['kind', 'link'])
        .where('staff_id', '=', staff.id)
        .orderBy('kind')
        .execute();
      expect(links).toEqual([
        { kind: 'concern.awaiting', link: `/safeguarding/concerns/${id}` },
        { kind: 'concern.transfer_due', link: '/safeguarding/transfers' },
        { kind: 'policy.acknowledgement_reminder', link: '/policy' },
      ]);
    });
  });
}
