import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs } from '../platform/auth/test-session.js';
import { testEngines } from '../platform/db/test-db.js';
import { createTestApp, type TestApp } from '../server/test-app.js';
import { CheckContextCache } from './check-context.js';

/** Counts the statements run through a database handle. */
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

const today = '2026-11-24';

for (const engine of testEngines()) {
  describe(`the check context cache on ${engine}`, () => {
    let t: TestApp;
    let schoolId: string;
    let pupilId: string;

    beforeAll(async () => {
      t = await createTestApp(engine);
      const db = t.testDb.db;
      schoolId = (
        await db
          .insertInto('schools')
          .values({ name: 'Stamp Academy', official_email_domains: ['stamp.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      pupilId = (
        await db
          .insertInto('pupils')
          .values({ school_id: schoolId, external_id: 'S1', given_name: 'Marigold', family_name: 'Ashby' })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    });
    afterAll(async () => {
      await t.close();
    });

    it('asks the database one question per check once the roster is built', async () => {
      const cache = new CheckContextCache();
      await cache.load(t.testDb.db, schoolId, today);
      const counter = countingPlugin();
      const context = await cache.load(t.testDb.db.withPlugin(counter), schoolId, today);
      expect(counter.count).toBe(1);
      expect(context.roster.pupils.map((p) => p.id)).toContain(pupilId);
      expect(context.settings.schoolEmails).toEqual(['@stamp.example']);
    });

    it('gives the same settings object while nothing changes, so the engine compiles it once', async () => {
      const db = t.testDb.db;
      const cache = new CheckContextCache();
      const first = await cache.load(db, schoolId, today);
      expect((await cache.load(db, schoolId, today)).settings).toBe(first.settings);
      await db
        .insertInto('check_settings')
        .values({ school_id: schoolId, settings: JSON.stringify({ allowedDomains: ['pta.example'] }) })
        .execute();
      const changed = await cache.load(db, schoolId, today);
      expect(changed.settings).not.toBe(first.settings);
      expect(changed.settings.allowedDomains).toContain('pta.example');
      await db.deleteFrom('check_settings').where('school_id', '=', schoolId).execute();
    });

    it('sees roster and consent changes made by any writer, straight in the database', async () => {
      const db = t.testDb.db;
      const cache = new CheckContextCache();
      const ids = async () => (await cache.load(db, schoolId, today)).roster.pupils.map((p) => p.id);
      expect(await ids()).toEqual([pupilId]);

      const added = (
        await db
          .insertInto('pupils')
          .values({ school_id: schoolId, external_id: 'S2', given_name: 'Thaddeus', family_name: 'Crane' })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      expect((await ids()).sort()).toEqual([pupilId, added].sort());

      await db.updateTable('pupils').set({ given_name: 'Tobias' }).where('id', '=', added).execute();
      const renamed = (await cache.load(db, schoolId, today)).roster.pupils.find((p) => p.id === added);
      expect(renamed?.givenName).toBe('Tobias');

      const carer = (
        await db
          .insertInto('carers')
          .values({ school_id: schoolId, external_id: 'C1', given_name: 'Odette', family_name: 'Crane' })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      await db
        .insertInto('carer_pupil_links')
        .values({ school_id: schoolId, carer_id: carer, pupil_id: added })
        .execute();
      const linksOf = async () =>
        (await cache.load(db, schoolId, today)).roster.carers.find((c) => c.id === carer)?.pupilIds;
      expect(await linksOf()).toEqual([added]);
      await db.deleteFrom('carer_pupil_links').where('carer_id', '=', carer).execute();
      expect(await linksOf()).toEqual([]);

      expect((await cache.load(db, schoolId, today)).consents.get(pupilId)).toBeUndefined();
      await db
        .insertInto('consents')
        .values({
          school_id: schoolId,
          pupil_id: pupilId,
          purpose: 'social_media',
          state: 'granted',
          method: 'uploaded_form',
          evidence_reference: 'Form 12 (filed)',
          given_on: '2026-09-01',
          expires_on: '2027-08-31',
          recorded_by_label: 'test',
          recorded_at: new Date('2026-09-01T09:00:00Z'),
        })
        .execute();
      expect((await cache.load(db, schoolId, today)).consents.get(pupilId)?.state).toBe('granted');
    });

    it('is one cache for the whole app: a check through the API builds what the app later reuses', async () => {
      const teacher = await signInAs(t.testDb.db, { schoolId, roles: ['staff'], now: t.clock.now() });
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/checks',
        headers: teacher.headers,
        payload: { kind: 'post', text: 'Well done to the choir' },
      });
      expect(response.statusCode).toBe(200);
      const counter = countingPlugin();
      await t.app.checkContexts.load(t.testDb.db.withPlugin(counter), schoolId, t.clock.today());
      expect(counter.count).toBe(1);
    });
  });
}
