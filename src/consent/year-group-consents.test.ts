import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs, type TestSignIn } from '../platform/auth/test-session.js';
import { testEngines } from '../platform/db/test-db.js';
import { createTestApp, type TestApp } from '../server/test-app.js';
import { buildConsentFamily } from './testing.js';

interface PupilRow {
  pupilId: string;
  givenName: string;
  purposes: { purpose: string; state: string; holds: boolean; endsOn: string | null }[];
}

for (const engine of testEngines()) {
  describe(`consent per class (year group) on ${engine}`, () => {
    let t: TestApp;
    let schoolId: string;
    let head: TestSignIn;
    let teacher: TestSignIn;
    let elsewhere: TestSignIn;
    const pupil: Record<string, string> = {};

    beforeAll(async () => {
      t = await createTestApp(engine);
      const db = t.testDb.db;
      const school = (name: string, domain: string) =>
        db
          .insertInto('schools')
          .values({ name, official_email_domains: [domain] })
          .returning('id')
          .executeTakeFirstOrThrow();
      schoolId = (await school('Class Consent School', 'classconsent.example')).id;
      const otherId = (await school('Other Class School', 'otherclass.example')).id;
      head = await signInAs(db, { schoolId, roles: ['headteacher'], now: t.clock.now() });
      teacher = await signInAs(db, { schoolId, roles: ['staff'], now: t.clock.now() });
      elsewhere = await signInAs(db, { schoolId: otherId, roles: ['smt'], now: t.clock.now() });
      // buildConsentFamily puts pupils in year 8.
      const families: Record<string, Awaited<ReturnType<typeof buildConsentFamily>>> = {};
      for (const key of ['GR', 'WD', 'EX', 'NO', 'Y9', 'LF']) {
        families[key] = await buildConsentFamily(db, {
          schoolId,
          key,
          ...(key === 'LF' ? { leftOn: '2026-10-01' } : {}),
        });
        pupil[key] = families[key].pupilId;
      }
      await db
        .updateTable('pupils')
        .set({ year_group: 9 })
        .where('id', '=', pupil.Y9 ?? '')
        .execute();
      const record = async (key: string, body: Record<string, unknown>) => {
        const response = await t.app.inject({
          method: 'POST',
          url: '/api/consents',
          headers: head.headers,
          payload: {
            pupilId: pupil[key],
            carerId: families[key]?.carerId,
            evidenceReference: 'FORM-C',
            ...body,
          },
        });
        expect(response.statusCode, response.body).toBe(201);
      };
      await record('GR', { purpose: 'social_media', state: 'granted', givenOn: '2026-11-02' });
      await record('GR', { purpose: 'press', state: 'refused', givenOn: '2026-11-02' });
      await record('WD', { purpose: 'social_media', state: 'granted', givenOn: '2026-09-10' });
      await record('WD', { purpose: 'social_media', state: 'withdrawn', givenOn: '2026-11-20' });
      await record('WD', { purpose: 'website', state: 'granted', givenOn: '2026-09-10' });
      await record('EX', {
        purpose: 'social_media',
        state: 'granted',
        givenOn: '2026-01-10',
        expiresOn: '2026-08-31',
      });
      await record('Y9', { purpose: 'social_media', state: 'granted', givenOn: '2026-11-02' });
    });
    afterAll(async () => {
      await t.close();
    });

    const get = (as: TestSignIn | undefined, year: string) =>
      t.app.inject({ method: 'GET', url: `/api/consents/year-groups/${year}`, headers: as?.headers ?? {} });

    it('lists every pupil on roll in the year with their consent per purpose today, and counts', async () => {
      const response = await get(teacher, '8');
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json();
      expect(body.yearGroup).toBe(8);
      expect(body.today).toBe('2026-11-24');
      const byId = new Map<string, PupilRow>(body.pupils.map((p: PupilRow) => [p.pupilId, p]));
      // The year 9 pupil and the one who left are not in the year 8 list.
      expect([...byId.keys()].sort()).toEqual([pupil.GR, pupil.WD, pupil.EX, pupil.NO].sort());
      const state = (key: string, purpose: string) =>
        byId.get(pupil[key] ?? '')?.purposes.find((p) => p.purpose === purpose);
      expect(state('GR', 'social_media')).toEqual({
        purpose: 'social_media',
        state: 'granted',
        holds: true,
        endsOn: '2027-08-31',
      });
      expect(state('GR', 'press')).toMatchObject({ state: 'refused', holds: false });
      expect(state('WD', 'social_media')).toMatchObject({ state: 'withdrawn', holds: false });
      expect(state('WD', 'website')).toMatchObject({ state: 'granted', holds: true });
      expect(state('EX', 'social_media')).toMatchObject({ state: 'expired', holds: false });
      expect(state('NO', 'social_media')).toMatchObject({ state: 'none', holds: false, endsOn: null });
      expect(body.counts.social_media).toEqual({
        granted: 1,
        refused: 0,
        withdrawn: 1,
        expired: 1,
        pupil_left: 0,
        none: 1,
        holds: 1,
      });
      expect(body.counts.press).toMatchObject({ refused: 1, none: 3, holds: 0 });
      expect(body.counts.website).toMatchObject({ granted: 1, none: 3, holds: 1 });
    });

    it('another year, and a year with nobody in it', async () => {
      const nine = (await get(teacher, '9')).json();
      expect(nine.pupils.map((p: PupilRow) => p.pupilId)).toEqual([pupil.Y9]);
      const empty = (await get(teacher, '3')).json();
      expect(empty.pupils).toEqual([]);
      expect(empty.counts.social_media.none).toBe(0);
    });

    it('refuses a year that is not one, anonymous callers, and shows staff of another school only theirs', async () => {
      for (const bad of ['15', '-1', 'eight', '8.5']) {
        const response = await get(teacher, bad);
        expect(response.statusCode, bad).toBe(400);
      }
      expect((await get(undefined, '8')).statusCode).toBe(401);
      const other = await get(elsewhere, '8');
      expect(other.statusCode).toBe(200);
      expect(other.json().pupils).toEqual([]);
    });
  });
}
