import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testEngines } from '../db/test-db.js';
import { markSessionSecondFactor } from './auth.repository.js';
import { resolveSession, revokeAllSessions, revokeSession, SESSION_CACHE_MS } from './sessions.js';
import { signInAs } from './test-session.js';

/** Counts the statements run through a database handle, to prove a cached answer asked nothing. */
function countingPlugin(): KyselyPlugin & { count: number } {
  const plugin = {
    count: 0,
    transformQuery(args: Parameters<KyselyPlugin['transformQuery']>[0]) {
      plugin.count += 1;
      return args.node;
    },
    transformResult: async (args: Parameters<KyselyPlugin['transformResult']>[0]) => args.result,
  };
  return plugin;
}

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

    it('answers a session read less than a second ago from memory, and reads it again after', async () => {
      const now = new Date('2026-11-24T09:00:00Z');
      const signIn = await signInAs(t.db, { schoolId, roles: ['staff'], now });
      const counter = countingPlugin();
      const db = t.db.withPlugin(counter);
      expect(await resolveSession(db, signIn.token, now)).toBeDefined();
      const afterFirst = counter.count;
      expect(afterFirst).toBeGreaterThan(0);
      expect(await resolveSession(db, signIn.token, new Date(now.getTime() + 100))).toBeDefined();
      expect(counter.count).toBe(afterFirst);

      // Revoked by another process (straight in the database): refused once the cached read is a second old.
      await t.db
        .updateTable('sessions')
        .set({ revoked_at: now })
        .where('staff_id', '=', signIn.actor.staffId)
        .execute();
      const later = new Date(now.getTime() + SESSION_CACHE_MS);
      expect(await resolveSession(db, signIn.token, later)).toBeUndefined();
      expect(counter.count).toBeGreaterThan(afterFirst);
    });

    it('honours sign-out, sign-out everywhere and the second factor at once in this process', async () => {
      const now = new Date('2026-11-24T09:00:00Z');
      const one = await signInAs(t.db, { schoolId, roles: ['staff'], now });
      const session = await resolveSession(t.db, one.token, now);
      expect(session).toBeDefined();
      await revokeSession(t.db, session!.sessionId, now);
      expect(await resolveSession(t.db, one.token, now)).toBeUndefined();

      const a = await signInAs(t.db, { schoolId, roles: ['staff'], email: 'twice@session.example', now });
      const b = await signInAs(t.db, { schoolId, roles: ['staff'], email: 'twice@session.example', now });
      expect(await resolveSession(t.db, a.token, now)).toBeDefined();
      expect(await resolveSession(t.db, b.token, now)).toBeDefined();
      await revokeAllSessions(t.db, a.actor.staffId, now);
      expect(await resolveSession(t.db, a.token, now)).toBeUndefined();
      expect(await resolveSession(t.db, b.token, now)).toBeUndefined();

      const pending = await signInAs(t.db, { schoolId, roles: ['staff'], now });
      await t.db
        .updateTable('sessions')
        .set({ second_factor_passed: false })
        .where('staff_id', '=', pending.actor.staffId)
        .execute();
      const before = await resolveSession(t.db, pending.token, now);
      expect(before?.secondFactorPassed).toBe(false);
      await markSessionSecondFactor(t.db, before!.sessionId);
      expect((await resolveSession(t.db, pending.token, now))?.secondFactorPassed).toBe(true);
    });

    it('still ends a session at its absolute lifetime when it is in the cache', async () => {
      const start = new Date('2026-11-24T08:00:00Z');
      const signIn = await signInAs(t.db, { schoolId, roles: ['staff'], now: start });
      const end = start.getTime() + 12 * 3_600_000;
      await t.db
        .updateTable('sessions')
        .set({ last_seen_at: new Date(end - 10_000) })
        .where('staff_id', '=', signIn.actor.staffId)
        .execute();
      expect(await resolveSession(t.db, signIn.token, new Date(end - 500))).toBeDefined();
      expect(await resolveSession(t.db, signIn.token, new Date(end + 100))).toBeUndefined();
    });
  });
}
