import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs, type TestSignIn } from '../platform/auth/test-session.js';
import { testEngines } from '../platform/db/test-db.js';
import { createTestApp, type TestApp } from '../server/test-app.js';
import { installSeedPolicy } from './install-seed-policy.js';

const newPolicy = `# Staff Social Media Policy 2026

## 1. Purpose
Why the school has this policy.

## 2. Official accounts
### 2.1 Dedicated accounts
Every school account is registered and approved.
`;

/** Publishing from the web app: what the overdue-review banner asks SMT to do (no CLI needed). */
for (const engine of testEngines()) {
  describe(`policy publishing and review on ${engine}`, () => {
    let t: TestApp;
    let schoolId: string;
    let smt: TestSignIn;
    let teacher: TestSignIn;

    beforeAll(async () => {
      // 24 November 2026: the seed policy's review is overdue.
      t = await createTestApp(engine);
      const db = t.testDb.db;
      schoolId = (
        await db
          .insertInto('schools')
          .values({ name: 'Publish School', official_email_domains: ['publish.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      await installSeedPolicy(db, { kind: 'system', label: 'test' }, schoolId);
      smt = await signInAs(db, { schoolId, roles: ['staff', 'smt'], now: t.clock.now() });
      teacher = await signInAs(db, { schoolId, roles: ['staff'], now: t.clock.now() });
    });
    afterAll(async () => {
      await t.close();
    });

    const post = (who: TestSignIn, url: string, payload: object) =>
      t.app.inject({ method: 'POST', url, headers: who.headers, payload });
    const policy = async () =>
      (await t.app.inject({ method: 'GET', url: `/api/policy?school=${schoolId}` })).json();

    it('previews the clauses of a document and writes nothing; only SMT, the head and admins may', async () => {
      const before = await policy();
      const preview = await post(smt, '/api/policy/preview', { text: newPolicy, format: 'markdown' });
      expect(preview.statusCode).toBe(200);
      expect(preview.json().title).toBe('Staff Social Media Policy 2026');
      expect(preview.json().sections.map((s: { title: string }) => s.title)).toContain('Dedicated accounts');
      expect((await policy()).versions).toHaveLength(before.versions.length);
      expect(
        (await post(teacher, '/api/policy/preview', { text: newPolicy, format: 'markdown' })).statusCode,
      ).toBe(403);
      const tooBig = await post(smt, '/api/policy/preview', { text: 'x'.repeat(530_000), format: 'text' });
      expect(tooBig.json().error.code).toBe('PolicyDocumentTooLarge');
    });

    it('records a review: the banner clears and the next review is a year on', async () => {
      expect((await policy()).review.status).toBe('overdue');
      expect((await post(teacher, '/api/policy/reviews', { reviewedOn: '2026-11-24' })).statusCode).toBe(403);
      const future = await post(smt, '/api/policy/reviews', { reviewedOn: '2026-12-25' });
      expect(future.json().error.code).toBe('InvalidDate');
      const review = await post(smt, '/api/policy/reviews', {
        reviewedOn: '2026-11-24',
        note: 'No changes needed',
      });
      expect(review.statusCode).toBe(201);
      expect(review.json()).toEqual({ reviewedOn: '2026-11-24', nextReviewDue: '2027-11-24' });
      const after = await policy();
      expect(after.review.status).toBe('ok');
      expect(after.current.reviews.at(-1)).toEqual({
        kind: 'reviewed',
        on: '2026-11-24',
        note: 'No changes needed',
      });
      const audit = await t.testDb.db
        .selectFrom('audit_events')
        .select('type')
        .where('school_id', '=', schoolId)
        .where('type', '=', 'policy.review_recorded')
        .execute();
      expect(audit).toHaveLength(1);
    });

    it('publishes a new version with its dates, and every member of staff is asked to acknowledge it', async () => {
      const mine = async () =>
        (
          await t.app.inject({
            method: 'GET',
            url: '/api/policy/acknowledgements/mine',
            headers: teacher.headers,
          })
        ).json();
      await t.app.inject({ method: 'POST', url: '/api/policy/acknowledgements', headers: teacher.headers });
      expect((await mine()).acknowledgedCurrent).toBe(true);
      const published = await post(smt, '/api/policy/versions', {
        text: newPolicy,
        format: 'markdown',
        label: '2026 rewrite',
        effectiveFrom: '2026-11-24',
        nextReviewDue: '2027-09-01',
      });
      expect(published.statusCode).toBe(201);
      expect(published.json()).toMatchObject({
        label: '2026 rewrite',
        isCurrent: true,
        nextReviewDue: '2027-09-01',
      });
      const now = await policy();
      expect(now.current.label).toBe('2026 rewrite');
      const notes = await t.app.inject({
        method: 'GET',
        url: '/api/notifications',
        headers: teacher.headers,
      });
      expect(JSON.stringify(notes.json())).toMatch(/new version of the social media policy \(2026 rewrite\)/);
      // Their acknowledgement of the old text does not count for the new one.
      expect(await mine()).toMatchObject({ acknowledgedCurrent: false, current: { label: '2026 rewrite' } });
      // The same label twice is refused, and nothing changes.
      const again = await post(smt, '/api/policy/versions', {
        text: `${newPolicy}\nMore.`,
        format: 'markdown',
        label: '2026 rewrite',
      });
      expect(again.json().error.code).toBe('PolicyVersionExists');
      expect((await policy()).versions).toHaveLength(now.versions.length);
    });
  });
}
