import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import { DEMO_POSTING } from './demo-posts.js';
import { ensureDemoSchool } from './demo-school.js';
import { testDemoDeps } from './testing.js';

for (const engine of testEngines()) {
  describe(`demo posting example on ${engine}`, () => {
    let t: TestDb;

    beforeAll(async () => {
      t = await createTestDb(engine);
    });
    afterAll(async () => {
      await t.destroy();
    });

    it('gives the demo school an approved account with a post waiting for approval, once', async () => {
      const demo = await ensureDemoSchool(t.db, testDemoDeps());
      const schoolId = demo?.school.id as string;
      const account = await t.db
        .selectFrom('accounts')
        .innerJoin('account_owners as o', 'o.account_id', 'accounts.id')
        .innerJoin('staff', 'staff.id', 'o.staff_id')
        .where('accounts.school_id', '=', schoolId)
        .where('accounts.handle', '=', DEMO_POSTING.handle)
        .select(['accounts.id', 'accounts.status', 'staff.email'])
        .execute();
      expect(account).toEqual([
        { id: expect.any(String), status: 'approved', email: DEMO_POSTING.ownerEmail },
      ]);
      const accountId = account[0]?.id as string;
      const settings = await t.db
        .selectFrom('post_account_settings')
        .select('requires_approval')
        .where('account_id', '=', accountId)
        .executeTakeFirst();
      expect(settings?.requires_approval).toBe(true);
      const posts = await t.db
        .selectFrom('posts')
        .select(['status', 'verdict', 'text', 'no_identifiable_pupils'])
        .where('account_id', '=', accountId)
        .execute();
      expect(posts).toEqual([
        {
          status: 'awaiting_approval',
          verdict: 'pass',
          text: DEMO_POSTING.postText,
          no_identifiable_pupils: true,
        },
      ]);
      // The approvers were told, as in real use.
      const notified = await t.db
        .selectFrom('notifications')
        .select('staff_id')
        .where('school_id', '=', schoolId)
        .where('kind', '=', 'post.approval_requested')
        .execute();
      expect(notified.length).toBeGreaterThan(0);

      await ensureDemoSchool(t.db, testDemoDeps());
      const again = await t.db
        .selectFrom('posts')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('school_id', '=', schoolId)
        .executeTakeFirstOrThrow();
      expect(Number(again.n)).toBe(1);
    });
  });
}
