import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testEngines } from '../db/test-db.js';
import { resolveSession, revokeAllSessions } from './sessions.js';
import { signInAs } from './test-session.js';

for (const engine of testEngines()) {
  describe(`sessions on ${engine}`, () => {
    let t: TestDb;
    let schoolId: string;
    beforeAll(async () => {
      t = await createTestDb(engine);
      schoolId = (
        await t.db
          .insertInto('schools')
          .values({ name: 'Session School', official_email_domains: ['session.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    });
    afterAll(async () => {
      await t.destroy();
    });

    it('resolves a live session to the actor with their roles in that school', async () => {
      const now = new Date('2026-11-24T09:00:00Z');
      const signIn = await signInAs(t.db, { schoolId, roles: ['staff', 'dsl'], now });
      const session = await resolveSession(t.db, signIn.token, new Date('2026-11-24T09:10:00Z'));
      expect(session?.actor).toMatchObject({
        staffId: signIn.actor.staffId,
        schoolId,
        roles: ['staff', 'dsl'],
      });
      expect(await resolveSession(t.db, 'x'.repeat(43), now)).toBeUndefined();
    });

    it('ends after 30 idle minutes, and after 12 hours however active', async () => {
      const start = new Date('2026-11-24T08:00:00Z');
      const signIn = await signInAs(t.db, { schoolId, roles: ['staff'], now: start });
      expect(await resolveSession(t.db, signIn.token, new Date('2026-11-24T08:31:00Z'))).toBeUndefined();

      const active = await signInAs(t.db, { schoolId, roles: ['staff'], now: start });
      for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
        const at = new Date(start.getTime() + minutes * 60_000);
        expect(await resolveSession(t.db, active.token, at)).toBeDefined();
      }
      expect(
        await resolveSession(t.db, active.token, new Date(start.getTime() + 12 * 3_600_000)),
      ).toBeUndefined();
    });

    it('signs out everywhere, and refuses a person who has left the school', async () => {
      const now = new Date('2026-11-24T09:00:00Z');
      const a = await signInAs(t.db, { schoolId, roles: ['staff'], email: 'leaver@session.example', now });
      const b = await signInAs(t.db, { schoolId, roles: ['staff'], email: 'leaver@session.example', now });
      expect(await revokeAllSessions(t.db, a.actor.staffId, now)).toBe(2);
      expect(await resolveSession(t.db, b.token, now)).toBeUndefined();

      const c = await signInAs(t.db, { schoolId, roles: ['staff'], email: 'leaver2@session.example', now });
      await t.db
        .updateTable('staff_memberships')
        .set({ status: 'left' })
        .where('staff_id', '=', c.actor.staffId)
        .execute();
      expect(await resolveSession(t.db, c.token, now)).toBeUndefined();
    });
  });
}
