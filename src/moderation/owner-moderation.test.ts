import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckContextCache } from '../checks/check-context.js';
import { DemoConnector } from '../connectors/demo.js';
import { buildConnectorSchool, buildRegisteredAccount } from '../connectors/testing.js';
import { createKeyring, generateMasterKey } from '../platform/crypto/envelope.js';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import { AppError } from '../platform/errors.js';
import { listModerationItems } from './list-moderation-items.js';
import { canModerateAccount } from './moderation.permissions.js';
import { takeActionIn } from './moderation-actions.js';
import { moderationConnections } from './moderation-connections.js';
import type { ModerationContext } from './moderation-context.js';
import { buildModerationItem } from './testing.js';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  throw new Error('expected an AppError');
}

const tuesday = new Date('2026-12-01T10:00:00Z');

describe('who acts on an account’s comments (clause 2.6)', () => {
  it('moderators in the school, and the account’s own owners; nobody from another school', () => {
    const staff = (staffId: string, roles: string[], schoolId = 's1') =>
      ({ kind: 'staff', staffId, schoolId, roles, email: 'x@s1.example', name: 'X' }) as const;
    expect(canModerateAccount(staff('o1', ['staff']) as never, 's1', ['o1'])).toBe(true);
    expect(canModerateAccount(staff('o2', ['staff']) as never, 's1', ['o1'])).toBe(false);
    expect(canModerateAccount(staff('m1', ['smt']) as never, 's1', [])).toBe(true);
    expect(canModerateAccount(staff('o1', ['staff'], 's2') as never, 's1', ['o1'])).toBe(false);
  });
});

for (const engine of testEngines()) {
  describe(`an account owner's own moderation queue on ${engine}`, () => {
    let t: TestDb;
    let school: Awaited<ReturnType<typeof buildConnectorSchool>>;
    let mine = '';
    let theirs = '';
    let myItem = '';
    let theirItem = '';
    const demo = new DemoConnector({ now: () => tuesday });
    const checkContexts = new CheckContextCache();
    const keyring = createKeyring(generateMasterKey());
    const ctx = (): ModerationContext => ({
      db: t.db,
      keyring,
      now: tuesday,
      checkContexts,
      connections: moderationConnections(demo),
    });

    beforeAll(async () => {
      t = await createTestDb(engine);
      school = await buildConnectorSchool(t.db, tuesday);
      mine = await buildRegisteredAccount(t.db, {
        schoolId: school.schoolId,
        ownerIds: [school.owner.actor.staffId],
        platform: 'bluesky',
        handle: 'drama.connector.example',
      });
      theirs = await buildRegisteredAccount(t.db, {
        schoolId: school.schoolId,
        ownerIds: [school.coOwner.actor.staffId],
        platform: 'bluesky',
        handle: 'sport.connector.example',
      });
      myItem = await buildModerationItem(t.db, { schoolId: school.schoolId, accountId: mine, now: tuesday });
      theirItem = await buildModerationItem(t.db, {
        schoolId: school.schoolId,
        accountId: theirs,
        text: 'you are all useless idiots',
        now: tuesday,
      });
    });
    afterAll(async () => {
      await t.destroy();
    });

    it('an owner sees only the comments on their own accounts; SMT sees the school’s', async () => {
      const owner = await listModerationItems(ctx(), school.owner.actor, school.schoolId, { limit: 50 });
      expect(owner.map((i) => i.id)).toEqual([myItem]);
      expect(owner[0]?.actions).toContain('hide');
      const other = await listModerationItems(ctx(), school.coOwner.actor, school.schoolId, { limit: 50 });
      expect(other.map((i) => i.id)).toEqual([theirItem]);
      // Owning nothing, a colleague sees an empty queue, not another owner's comments.
      expect(
        await listModerationItems(ctx(), school.colleague.actor, school.schoolId, { limit: 50 }),
      ).toEqual([]);
      const smt = await listModerationItems(ctx(), school.smt.actor, school.schoolId, { limit: 50 });
      expect(smt.map((i) => i.id).sort()).toEqual([myItem, theirItem].sort());
    });

    it('an owner hides a comment on their account (reported to SMT), and may not touch another owner’s', async () => {
      expect(
        await codeOf(
          takeActionIn(ctx(), school.owner.actor, theirItem, { action: 'hide', reason: 'Not mine' }),
        ),
      ).toBe('ModerationForbidden');
      const done = await takeActionIn(ctx(), school.owner.actor, myItem, {
        action: 'hide',
        reason: 'Abuse under our post',
      });
      expect(done).toMatchObject({ outcome: 'done' });
      expect(demo.stateOf(mine).hidden.size).toBe(1);
      expect(demo.stateOf(theirs).hidden.size).toBe(0);
      const told = await t.db
        .selectFrom('notifications')
        .select('staff_id')
        .where('kind', '=', 'moderation.action_reported')
        .execute();
      expect(told.map((n) => n.staff_id)).toContain(school.smt.actor.staffId);
    });
  });
}
