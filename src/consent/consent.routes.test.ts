import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs, type TestSignIn } from '../platform/auth/test-session.js';
import { testEngines } from '../platform/db/test-db.js';
import { createTestApp, type TestApp } from '../server/test-app.js';
import type { ConsentLost } from './consent.events.js';
import { buildConsentFamily } from './testing.js';

function multipartCheck(subject: unknown, photo: Buffer) {
  const boundary = '----guardpost-consent-boundary';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="subject"\r\n\r\n${JSON.stringify(subject)}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="images"; filename="class.png"\r\nContent-Type: image/png\r\n\r\n`,
    ),
    photo,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

for (const engine of testEngines()) {
  describe(`consent register routes on ${engine}`, () => {
    let t: TestApp;
    let schoolId: string;
    let head: TestSignIn;
    let teacher: TestSignIn;
    let photo: Buffer;
    const lost: ConsentLost[] = [];
    // Heard through the app's context, as the takedown tasks are, in the transaction that ends the grant.
    const hearLoss = async (_tx: unknown, event: ConsentLost) => {
      lost.push(event);
    };

    beforeAll(async () => {
      // 24 November 2026: the default expiry of a consent given today is 31 August 2027.
      t = await createTestApp(engine, undefined, {}, { alsoOnConsentLost: [hearLoss] });
      const db = t.testDb.db;
      schoolId = (
        await db
          .insertInto('schools')
          .values({ name: 'Consent Test School', official_email_domains: ['consent.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      head = await signInAs(db, { schoolId, roles: ['headteacher'], now: t.clock.now() });
      teacher = await signInAs(db, { schoolId, roles: ['staff'], now: t.clock.now() });
      photo = await sharp({ create: { width: 48, height: 32, channels: 3, background: '#58a' } })
        .png()
        .toBuffer();
    });
    afterAll(async () => {
      await t.close();
    });

    async function record(as: TestSignIn, body: Record<string, unknown>) {
      return t.app.inject({ method: 'POST', url: '/api/consents', headers: as.headers, payload: body });
    }

    async function check(as: TestSignIn, pupilId: string) {
      const { payload, contentType } = multipartCheck(
        { kind: 'post', text: 'Art week', taggedPupils: [pupilId] },
        photo,
      );
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/checks',
        headers: { ...as.headers, 'content-type': contentType },
        payload,
      });
      expect(response.statusCode).toBe(200);
      return response.json().findings.filter((f: { rule: string }) => f.rule === 'image.consent');
    }

    it('records a granted consent from a signed form, with the default expiry and an audit event', async () => {
      const family = await buildConsentFamily(t.testDb.db, { schoolId, key: 'A' });
      const response = await record(head, {
        pupilId: family.pupilId,
        purpose: 'social_media',
        state: 'granted',
        carerId: family.carerId,
        evidenceReference: 'FORM-2026-017',
        givenOn: '2026-11-20',
      });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ state: 'granted', expiresOn: '2027-08-31' });
      const audit = await t.testDb.db
        .selectFrom('audit_events')
        .select(['type', 'subject_id', 'data'])
        .where('school_id', '=', schoolId)
        .where('type', '=', 'consent.recorded')
        .execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]?.subject_id).toBe(response.json().id);
      expect(audit[0]?.data).toMatchObject({ pupilId: family.pupilId, state: 'granted', source: 'staff' });

      const read = await t.app.inject({
        method: 'GET',
        url: `/api/consents/pupils/${family.pupilId}`,
        headers: teacher.headers,
      });
      expect(read.statusCode).toBe(200);
      const social = read.json().purposes.find((p: { purpose: string }) => p.purpose === 'social_media');
      expect(social).toMatchObject({ state: 'granted', holds: true, endsOn: '2027-08-31' });
      expect(read.json().purposes.find((p: { purpose: string }) => p.purpose === 'press').state).toBe('none');
    });

    it('refuses a carer without parental responsibility, missing evidence, and staff who may not record', async () => {
      const family = await buildConsentFamily(t.testDb.db, { schoolId, key: 'B' });
      const base = {
        pupilId: family.pupilId,
        purpose: 'website',
        state: 'granted',
        evidenceReference: 'FORM-1',
        givenOn: '2026-11-20',
      };
      const noResponsibility = await record(head, { ...base, carerId: family.otherCarerId });
      expect(noResponsibility.statusCode).toBe(400);
      expect(noResponsibility.json().error.code).toBe('CarerWithoutParentalResponsibility');
      const noEvidence = await record(head, {
        ...base,
        carerId: family.carerId,
        evidenceReference: undefined,
      });
      expect(noEvidence.json().error.code).toBe('InvalidConsent');
      const future = await record(head, { ...base, carerId: family.carerId, givenOn: '2026-12-25' });
      expect(future.json().error.code).toBe('InvalidConsent');
      const byTeacher = await record(teacher, { ...base, carerId: family.carerId });
      expect(byTeacher.statusCode).toBe(403);
      const unknownPupil = await record(head, {
        ...base,
        carerId: family.carerId,
        pupilId: '00000000-0000-4000-8000-000000000000',
      });
      expect(unknownPupil.json().error.code).toBe('PupilNotFound');
    });

    it('records a withdrawal told by phone at once, without a reference; a grant still needs one', async () => {
      const family = await buildConsentFamily(t.testDb.db, { schoolId, key: 'T' });
      const base = {
        pupilId: family.pupilId,
        purpose: 'press',
        carerId: family.carerId,
        givenOn: '2026-11-20',
      };
      const granted = await record(head, { ...base, state: 'granted', evidenceReference: 'FORM-T1' });
      expect(granted.statusCode).toBe(201);
      const byPhone = await record(head, {
        ...base,
        state: 'withdrawn',
        toldBy: 'phone',
        givenOn: '2026-11-23',
      });
      expect(byPhone.statusCode).toBe(201);
      const read = await t.app.inject({
        method: 'GET',
        url: `/api/consents/pupils/${family.pupilId}`,
        headers: head.headers,
      });
      const press = read.json().purposes.find((p: { purpose: string }) => p.purpose === 'press');
      expect(press).toMatchObject({ state: 'withdrawn', holds: false });
      expect(read.json().history[0]).toMatchObject({
        method: 'carer_told',
        toldBy: 'phone',
        evidenceReference: null,
      });
      // The written confirmation follows as a later decision with its reference.
      const confirmed = await record(head, {
        ...base,
        state: 'withdrawn',
        evidenceReference: 'LETTER-T2',
        givenOn: '2026-11-24',
      });
      expect(confirmed.statusCode).toBe(201);
      // A withdrawal with neither a form nor how it was told, and a grant told by phone, are refused.
      const silent = await record(head, { ...base, state: 'withdrawn' });
      expect(silent.json().error.code).toBe('InvalidConsent');
      const grantByPhone = await record(head, { ...base, state: 'granted', toldBy: 'phone' });
      expect(grantByPhone.json().error.code).toBe('InvalidConsent');
    });

    it('lets POST /api/checks pass a tagged pupil with granted consent, and block one whose consent was withdrawn', async () => {
      const family = await buildConsentFamily(t.testDb.db, { schoolId, key: 'C' });
      expect(await check(teacher, family.pupilId)).toHaveLength(1);
      const granted = await record(head, {
        pupilId: family.pupilId,
        purpose: 'social_media',
        state: 'granted',
        carerId: family.carerId,
        evidenceReference: 'FORM-C',
        givenOn: '2026-11-01',
      });
      expect(granted.statusCode).toBe(201);
      // The cached check context sees the new decision at once.
      expect(await check(teacher, family.pupilId)).toEqual([]);

      const withdrawn = await record(head, {
        pupilId: family.pupilId,
        purpose: 'social_media',
        state: 'withdrawn',
        carerId: family.carerId,
        evidenceReference: 'LETTER-C',
        givenOn: '2026-11-24',
      });
      expect(withdrawn.statusCode).toBe(201);
      expect(await check(teacher, family.pupilId)).toMatchObject([
        { rule: 'image.consent', clause: '2.4', pupilId: family.pupilId },
      ]);
      // The retroactive re-check hook fired once, for the grant that stopped holding.
      expect(lost.filter((e) => e.pupilId === family.pupilId)).toEqual([
        {
          schoolId,
          pupilId: family.pupilId,
          purpose: 'social_media',
          reason: 'withdrawn',
          consentId: granted.json().id,
          lostOn: '2026-11-24',
        },
      ]);
      const read = await t.app.inject({
        method: 'GET',
        url: `/api/consents/pupils/${family.pupilId}`,
        headers: teacher.headers,
      });
      // History is kept: the grant is still there, superseded.
      expect(read.json().history.map((h: { state: string }) => h.state)).toEqual(['withdrawn', 'granted']);
    });

    it('blocks a tagged pupil whose consent has expired', async () => {
      const family = await buildConsentFamily(t.testDb.db, { schoolId, key: 'D' });
      await record(head, {
        pupilId: family.pupilId,
        purpose: 'social_media',
        state: 'granted',
        carerId: family.carerId,
        evidenceReference: 'FORM-D',
        givenOn: '2026-11-02',
        expiresOn: '2026-11-30',
      });
      expect(await check(teacher, family.pupilId)).toEqual([]);
      const saved = t.clock.now();
      t.clock.set('2026-12-01T10:00:00Z');
      try {
        const session = await signInAs(t.testDb.db, {
          schoolId,
          roles: ['staff'],
          email: teacher.actor.email,
          now: t.clock.now(),
        });
        expect(await check(session, family.pupilId)).toHaveLength(1);
      } finally {
        t.clock.set(saved);
      }
    });

    it('never rewrites or deletes a decision', async () => {
      await expect(
        t.testDb.db
          .updateTable('consents')
          .set({ state: 'granted' })
          .where('school_id', '=', schoolId)
          .execute(),
      ).rejects.toThrow(/refused/);
      await expect(
        t.testDb.db.deleteFrom('consents').where('school_id', '=', schoolId).execute(),
      ).rejects.toThrow(/refused/);
    });

    it('does not show another school a pupil’s consent', async () => {
      const family = await buildConsentFamily(t.testDb.db, { schoolId, key: 'E' });
      const otherSchool = (
        await t.testDb.db
          .insertInto('schools')
          .values({ name: 'Elsewhere School', official_email_domains: ['elsewhere.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      const stranger = await signInAs(t.testDb.db, {
        schoolId: otherSchool,
        roles: ['admin'],
        now: t.clock.now(),
      });
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/consents/pupils/${family.pupilId}`,
        headers: stranger.headers,
      });
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('PupilNotFound');
    });
  });
}
