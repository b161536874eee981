import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs, type TestSignIn } from '../platform/auth/test-session.js';
import { testEngines } from '../platform/db/test-db.js';
import { createTestApp, type TestApp } from '../server/test-app.js';
import { pngDeclaring } from './engine/testing/factories.js';

function multipartBody(subject: unknown, images: { name: string; bytes: Buffer }[]) {
  const boundary = '----guardpost-test-boundary';
  const chunks: Buffer[] = [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="subject"\r\n\r\n${JSON.stringify(subject)}\r\n`,
    ),
  ];
  for (const image of images) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="images"; filename="${image.name}"\r\nContent-Type: image/jpeg\r\n\r\n`,
      ),
      image.bytes,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

for (const engine of testEngines()) {
  describe(`POST /api/checks on ${engine}`, () => {
    let t: TestApp;
    let teacher: TestSignIn;
    let otherSchoolTeacher: TestSignIn;
    let pupilId: string;

    beforeAll(async () => {
      t = await createTestApp(engine);
      const db = t.testDb.db;
      const [school, other] = await db
        .insertInto('schools')
        .values([
          { name: 'Riverside Academy', official_email_domains: ['riverside.example'] },
          { name: 'Hilltop School', official_email_domains: ['hilltop.example'] },
        ])
        .returning('id')
        .execute();
      pupilId = (
        await db
          .insertInto('pupils')
          .values({
            school_id: school!.id,
            external_id: 'P1',
            given_name: 'Amelia',
            family_name: 'Okonkwo',
            date_of_birth: '2013-05-02',
            year_group: 8,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      await db
        .insertInto('pupils')
        .values({
          school_id: school!.id,
          external_id: 'P2',
          given_name: 'Jennifer',
          family_name: 'Hartwell',
          year_group: 9,
        })
        .execute();
      // A teacher who shares a pupil's surname and goes by a short form of the pupil's name.
      await signInAs(db, {
        schoolId: school!.id,
        roles: ['staff'],
        now: t.clock.now(),
        givenName: 'Jenny',
        familyName: 'Hartwell',
      });
      teacher = await signInAs(db, { schoolId: school!.id, roles: ['staff'], now: t.clock.now() });
      otherSchoolTeacher = await signInAs(db, { schoolId: other!.id, roles: ['staff'], now: t.clock.now() });
    });
    afterAll(async () => {
      await t.close();
    });

    it('does not take a member of staff’s own name for a pupil’s reached through a variant', async () => {
      const check = async (text: string) =>
        (
          await t.app.inject({
            method: 'POST',
            url: '/api/checks',
            headers: teacher.headers,
            payload: { kind: 'post', text },
          })
        ).json() as { findings: { rule: string }[] };
      expect((await check('Thanks to Jenny Hartwell for running the trip')).findings).toEqual([]);
      expect((await check('Well done Jennifer Hartwell')).findings.map((f) => f.rule)).toEqual([
        'pupil.name',
      ]);
    });

    it('blocks a pupil full name with clause 2.4 and offers initials', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/checks',
        headers: teacher.headers,
        payload: { kind: 'post', text: 'Well done to Amelia Okonkwo for her science prize!' },
      });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.verdict).toBe('block');
      const finding = body.findings.find((f: { rule: string }) => f.rule === 'pupil.name');
      expect(finding).toMatchObject({ clause: '2.4', severity: 'block', start: 13, end: 27, pupilId });
      expect(body.redactedText).not.toMatch(/Okonkwo/);
    });

    it("checks against the signed-in user's own school roster only", async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/checks',
        headers: otherSchoolTeacher.headers,
        payload: { kind: 'post', text: 'Well done to Amelia Okonkwo for her science prize!' },
      });
      expect(response.json().findings.filter((f: { rule: string }) => f.rule === 'pupil.name')).toEqual([]);
    });

    it('refuses bad subjects and anonymous callers', async () => {
      const bad = await t.app.inject({
        method: 'POST',
        url: '/api/checks',
        headers: teacher.headers,
        payload: { kind: 'tweet', text: 'x', extra: 1 },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('InvalidRequest');
      const empty = await t.app.inject({
        method: 'POST',
        url: '/api/checks',
        headers: teacher.headers,
        payload: { kind: 'post' },
      });
      expect(empty.json().error.code).toBe('SubjectMissing');
      const anonymous = await t.app.inject({
        method: 'POST',
        url: '/api/checks',
        payload: { kind: 'post', text: 'hi' },
      });
      expect(anonymous.statusCode).toBe(401);
    });

    it('takes photos as multipart: metadata blocks, and a tagged pupil without consent blocks', async () => {
      const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#4a7' } })
        .jpeg()
        .withExif({ IFD0: { Artist: 'Camera Owner', Copyright: 'School' } })
        .toBuffer();
      const { payload, contentType } = multipartBody(
        { kind: 'post', text: 'Sports day', taggedPupils: [pupilId] },
        [{ name: 'sports.jpg', bytes: photo }],
      );
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/checks',
        headers: { ...teacher.headers, 'content-type': contentType },
        payload,
      });
      expect(response.statusCode).toBe(200);
      const rules = response.json().findings.map((f: { rule: string }) => f.rule);
      expect(rules).toContain('image.location');
      expect(rules).toContain('image.consent');
      expect(response.json().verdict).toBe('block');
    });

    it('says a photo with too many pixels is too large, and the limit', async () => {
      const { payload, contentType } = multipartBody({ kind: 'post', text: 'Our mural' }, [
        { name: 'mural.png', bytes: pngDeclaring(20_000, 20_000) },
      ]);
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/checks',
        headers: { ...teacher.headers, 'content-type': contentType },
        payload,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toEqual({
        code: 'ImageTooLarge',
        message: 'photo 1 is too large: 20000 × 20000 pixels (400 megapixels); the limit is 120 megapixels',
      });
    });

    it('keeps settings to admins, SMT and the headteacher', async () => {
      const refused = await t.app.inject({
        method: 'GET',
        url: '/api/checks/settings',
        headers: teacher.headers,
      });
      expect(refused.statusCode).toBe(403);
    });
  });
}
