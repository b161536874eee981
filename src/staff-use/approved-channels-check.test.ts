import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs, type TestSignIn } from '../platform/auth/test-session.js';
import { testEngines } from '../platform/db/test-db.js';
import { createTestApp, type TestApp } from '../server/test-app.js';

const TRIP_TEXT = 'Year 8 trip: any problems tonight, text me on 07700 900123.';

for (const engine of testEngines()) {
  describe(`POST /api/checks reads the headteacher's approvals (clauses 1.5, 1.6) on ${engine}`, () => {
    let t: TestApp;
    let approved: TestSignIn;
    let unapproved: TestSignIn;

    beforeAll(async () => {
      t = await createTestApp(engine, '2026-11-24T09:00:00Z');
      const db = t.testDb.db;
      const schoolId = (
        await db
          .insertInto('schools')
          .values({ name: 'Approvals School', official_email_domains: ['ap.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      const now = t.clock.now();
      approved = await signInAs(db, {
        schoolId,
        roles: ['staff'],
        givenName: 'Tamsin',
        familyName: 'Orley',
        now,
      });
      unapproved = await signInAs(db, {
        schoolId,
        roles: ['staff'],
        givenName: 'Rufus',
        familyName: 'Penhale',
        now,
      });
      const head = await signInAs(db, {
        schoolId,
        roles: ['headteacher'],
        givenName: 'Hester',
        familyName: 'Vane',
        now,
      });
      const request = await t.app.inject({
        method: 'POST',
        url: '/api/contact-exceptions',
        headers: approved.headers,
        payload: {
          channel: 'personal_phone',
          reason: 'Residential trip: carers need a number that answers at night',
          audience: 'Carers of Year 8 pupils on the trip',
          from: '2026-11-24',
          to: '2026-11-28',
          contact: '07700 900123',
        },
      });
      expect(request.statusCode).toBe(200);
      const decision = await t.app.inject({
        method: 'POST',
        url: `/api/contact-exceptions/${request.json().id}/decision`,
        headers: head.headers,
        payload: { decision: 'approved', reason: 'No school mobile for this trip' },
      });
      expect(decision.json().status).toBe('approved');
    });

    afterAll(async () => {
      await t?.close();
    });

    const check = async (who: TestSignIn, text: string) => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/checks',
        headers: who.headers,
        payload: { kind: 'post', text },
      });
      expect(response.statusCode).toBe(200);
      return response.json() as {
        verdict: string;
        findings: { rule: string; severity: string; excerpt?: string }[];
      };
    };
    const channelFindings = (result: Awaited<ReturnType<typeof check>>) =>
      result.findings.filter((f) => f.rule === 'contact.personal_channel');

    it('does not block a personal number the headteacher approved for the writer', async () => {
      const result = await check(approved, TRIP_TEXT);
      expect(channelFindings(result)).toEqual([]);
      expect(result.findings.filter((f) => f.severity === 'block')).toEqual([]);
    });

    it('still blocks the same number written by someone without an approval', async () => {
      const result = await check(unapproved, TRIP_TEXT);
      expect(channelFindings(result)).toHaveLength(1);
      expect(result.verdict).toBe('block');
    });

    it('still finds another personal number than the approved one', async () => {
      const result = await check(approved, 'Trip contact: text me on 07700 900456 tonight.');
      expect(channelFindings(result)).toHaveLength(1);
    });
  });
}
