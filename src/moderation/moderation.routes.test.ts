import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConnectorSchool, buildRegisteredAccount } from '../connectors/testing.js';
import { signInAs, type TestSignIn } from '../platform/auth/test-session.js';
import { loadKeyring } from '../platform/crypto/keyring.js';
import { testEngines } from '../platform/db/test-db.js';
import { createTestApp, type TestApp } from '../server/test-app.js';
import { connectFeed, readFeed } from './moderation-ingest.js';

for (const engine of testEngines()) {
  describe(`moderation HTTP API on ${engine}`, () => {
    let t: TestApp;
    let school: Awaited<ReturnType<typeof buildConnectorSchool>>;
    let dsl: TestSignIn;

    beforeAll(async () => {
      // A Tuesday in term, in school hours.
      t = await createTestApp(engine, '2026-12-01T10:00:00Z');
      const now = t.clock.now();
      school = await buildConnectorSchool(t.testDb.db, now);
      dsl = await signInAs(t.testDb.db, { schoolId: school.schoolId, roles: ['dsl'], now });
      const accountId = await buildRegisteredAccount(t.testDb.db, {
        schoolId: school.schoolId,
        ownerIds: [school.owner.actor.staffId],
        platform: 'bluesky',
        handle: 'http.connector.example',
      });
      const ctx = {
        db: t.testDb.db,
        keyring: loadKeyring(t.app.config),
        now,
        checkContexts: t.app.checkContexts,
        connections: t.app.moderationConnections,
      };
      await connectFeed(ctx, school.smt.actor, { schoolId: school.schoolId, accountId, platform: 'demo' });
      await readFeed(ctx, accountId);
    });
    afterAll(async () => {
      await t.close();
    });

    const send = (who: TestSignIn, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });

    it('lists the school’s queue for moderators and an owner’s own, filtered by verdict and clause', async () => {
      // A colleague owning no account sees none of it; the account's owner sees its comments (clause 2.6).
      const colleague = await send(school.colleague, 'GET', '/api/moderation/items');
      expect([colleague.statusCode, colleague.json().items]).toEqual([200, []]);
      expect((await send(school.owner, 'GET', '/api/moderation/items')).json().items.length).toBe(5);
      const all = await send(school.smt, 'GET', '/api/moderation/items');
      expect(all.statusCode).toBe(200);
      expect(all.json().items.length).toBe(5);
      const clause = await send(school.smt, 'GET', '/api/moderation/items?clause=2.4&verdict=block');
      expect(clause.json().items.map((i: { clauses: string[] }) => i.clauses)).toEqual([['2.4']]);
      expect((await send(school.smt, 'GET', '/api/moderation/items?state=nonsense')).statusCode).toBe(400);
    });

    it('acts on a comment, refuses what the platform cannot do, and needs a reason to dismiss', async () => {
      const items = (await send(school.smt, 'GET', '/api/moderation/items?verdict=block')).json().items;
      const target = items.find((i: { disclosure: boolean }) => !i.disclosure);
      const url = `/api/moderation/items/${target.id}/actions`;
      const refused = await send(school.smt, 'POST', url, { action: 'delete' });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.code).toBe('ModerationActionNotAvailable');
      const noReason = await send(school.smt, 'POST', url, { action: 'dismiss' });
      expect(noReason.json().error.code).toBe('ModerationReasonRequired');
      const hidden = await send(school.smt, 'POST', url, { action: 'hide', reason: 'Abuse' });
      expect(hidden.statusCode).toBe(200);
      expect(hidden.json()).toMatchObject({ action: 'hide', outcome: 'done', state: 'actioned' });
      const unknown = await send(
        school.smt,
        'POST',
        '/api/moderation/items/00000000-0000-4000-8000-000000000000/actions',
        {
          action: 'hide',
        },
      );
      expect(unknown.statusCode).toBe(404);
    });

    it('gives the figures and lets SMT change the settings', async () => {
      const figures = await send(school.smt, 'GET', '/api/moderation/figures?from=2026-12-01&to=2026-12-01');
      expect(figures.statusCode).toBe(200);
      expect(figures.json()).toMatchObject({ checked: 10, queued: 5, hidden: 1 });
      expect(figures.json().minutesToAction.actioned).toBe(1);
      const settings = await send(school.smt, 'PUT', '/api/moderation/settings', {
        readEveryMinutes: 5,
        slaWorkingMinutes: 30,
        outOfHoursHide: true,
      });
      expect(settings.statusCode).toBe(200);
      expect((await send(dsl, 'PUT', '/api/moderation/settings', settings.json())).statusCode).toBe(403);
      expect((await send(dsl, 'GET', '/api/moderation/settings')).json()).toMatchObject({
        readEveryMinutes: 5,
      });
    });

    it('lets only the DSL file a possible disclosure as a concern', async () => {
      const items = (await send(dsl, 'GET', '/api/moderation/items')).json().items;
      const disclosure = items.find((i: { disclosure: boolean }) => i.disclosure);
      expect(disclosure.text).not.toBeNull();
      const url = `/api/moderation/items/${disclosure.id}/concern`;
      expect((await send(school.smt, 'POST', url, { urgency: 'urgent' })).statusCode).toBe(403);
      const filed = await send(dsl, 'POST', url, { urgency: 'urgent' });
      expect(filed.statusCode).toBe(201);
      expect((await send(dsl, 'POST', url, { urgency: 'urgent' })).json().error.code).toBe(
        'DisclosureNotDraft',
      );
    });
  });
}
