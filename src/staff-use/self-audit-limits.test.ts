import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs, type TestSignIn } from '../platform/auth/test-session.js';
import { testEngines } from '../platform/db/test-db.js';
import { createTestApp, type TestApp } from '../server/test-app.js';
import { MAX_HASHES_PER_REQUEST } from './match-self-audit-hashes.js';
import { selfAuditHourlyLimits } from './self-audit-limits.js';

for (const engine of testEngines()) {
  describe(`the follower check's limits against probing the roster on ${engine}`, () => {
    let t: TestApp;
    let staff: TestSignIn;
    let other: TestSignIn;

    beforeAll(async () => {
      t = await createTestApp(engine, '2026-11-24T09:00:00Z');
      const db = t.testDb.db;
      const schoolId = (
        await db
          .insertInto('schools')
          .values({ name: 'Limits School', official_email_domains: ['li.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      staff = await signInAs(db, { schoolId, roles: ['staff'], now: t.clock.now() });
      other = await signInAs(db, { schoolId, roles: ['staff'], now: t.clock.now() });
    });

    afterAll(async () => {
      await t?.close();
    });

    const post = (who: TestSignIn, url: string, payload?: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url, headers: who.headers, ...(payload ? { payload } : {}) });

    it('refuses more hashes than a request may carry', async () => {
      const { id } = (await post(staff, '/api/self-audit/sessions')).json();
      const hashes = Array.from({ length: MAX_HASHES_PER_REQUEST + 1 }, (_, i) =>
        i.toString(36).padStart(16, 'A').slice(-16),
      );
      const response = await post(staff, `/api/self-audit/sessions/${id}/match`, { hashes });
      expect(response.statusCode).toBe(400);
      // The route's schema holds the cap, before any hash is looked at.
      expect(response.json().error.code).toBe('InvalidRequest');
    });

    it('answers at most so many requests an hour per member of staff, with a 429 that says why and when', async () => {
      const { id } = (await post(other, '/api/self-audit/sessions')).json();
      const ask = () => post(other, `/api/self-audit/sessions/${id}/match`, { hashes: ['AAAAAAAAAAAAAAAA'] });
      for (let i = 0; i < selfAuditHourlyLimits.match; i++) expect((await ask()).statusCode).toBe(200);
      const refused = await ask();
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error.code).toBe('SelfAuditRateLimited');
      expect(refused.json().error.message).toMatch(/probe the school’s roster/);
      expect(refused.json().error.message).toMatch(/Try again in 60 minutes/);
      // Someone else's allowance is their own.
      const { id: mine } = (await post(staff, '/api/self-audit/sessions')).json();
      const mineAnswer = await post(staff, `/api/self-audit/sessions/${mine}/match`, {
        hashes: ['AAAAAAAAAAAAAAAA'],
      });
      expect(mineAnswer.statusCode).toBe(200);
    });

    it('starts at most so many checks an hour, and again once the hour has passed', async () => {
      // Two were started above for `staff`.
      for (let i = 2; i < selfAuditHourlyLimits.session; i++)
        expect((await post(staff, '/api/self-audit/sessions')).statusCode).toBe(200);
      const refused = await post(staff, '/api/self-audit/sessions');
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error.code).toBe('SelfAuditRateLimited');
      t.clock.advance(61 * 60 * 1000);
      // A new sign-in (the old session went idle in the hour): the same person, a fresh allowance.
      const again = await signInAs(t.testDb.db, {
        schoolId: staff.actor.schoolId,
        roles: ['staff'],
        email: staff.actor.email,
        now: t.clock.now(),
      });
      expect(again.actor.staffId).toBe(staff.actor.staffId);
      expect((await post(again, '/api/self-audit/sessions')).statusCode).toBe(200);
    });
  });
}
