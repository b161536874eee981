import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs, type TestSignIn } from '../platform/auth/test-session.js';
import { testEngines } from '../platform/db/test-db.js';
import { clauseById } from '../policy/clauses.js';
import { createTestApp, type TestApp } from '../server/test-app.js';
import { allRuleIds, ruleById } from './engine/rules/registry.js';

for (const engine of testEngines()) {
  describe(`GET /api/check-rules on ${engine}`, () => {
    let t: TestApp;
    let teacher: TestSignIn;

    beforeAll(async () => {
      t = await createTestApp(engine);
      const school = await t.testDb.db
        .insertInto('schools')
        .values({ name: 'Rule School', official_email_domains: ['rules.example'] })
        .returning('id')
        .executeTakeFirstOrThrow();
      teacher = await signInAs(t.testDb.db, { schoolId: school.id, roles: ['staff'], now: t.clock.now() });
    });
    afterAll(async () => {
      await t.close();
    });

    it("serves the engine's rule table, each rule with its clause and default severity", async () => {
      const response = await t.app.inject({
        method: 'GET',
        url: '/api/check-rules',
        headers: teacher.headers,
      });
      expect(response.statusCode).toBe(200);
      const { rules } = response.json() as {
        rules: { id: string; clause: string; clauseTitle: string; severity: string; title: string }[];
      };
      expect(rules.map((r) => r.id)).toEqual(allRuleIds);
      const mild = rules.find((r) => r.id === 'language.mild');
      expect(mild).toMatchObject({
        clause: '2.3',
        clauseTitle: clauseById('2.3').title,
        severity: 'advice',
        title: ruleById('language.mild').title,
      });
    });

    it('answers only a signed-in member of staff', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/api/check-rules' });
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('SignInRequired');
    });
  });
}
