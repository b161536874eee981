import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs, type TestSignIn } from '../src/platform/auth/test-session.js';
import { testEngines } from '../src/platform/db/test-db.js';
import { createTestApp, type TestApp } from '../src/server/test-app.js';

/**
 * A NUL (U+0000) or a lone surrogate in any text field used to reach the database and answer 500 on both
 * engines. Now every route refuses it once, with a 400 naming the field, except a concern report, which is
 * kept without the character and says so.
 */

const NUL = '\u0000';
const LONE = '\uD800';

for (const engine of testEngines()) {
  describe(`unstorable characters on ${engine}`, () => {
    let t: TestApp;
    let schoolId: string;
    let pupilId: string;
    let carerId: string;
    let staff: TestSignIn;
    let dsl: TestSignIn;
    let smt: TestSignIn;

    beforeAll(async () => {
      t = await createTestApp(engine);
      const db = t.testDb.db;
      schoolId = (
        await db
          .insertInto('schools')
          .values({ name: 'Nullbrook School', official_email_domains: ['nullbrook.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      pupilId = (
        await db
          .insertInto('pupils')
          .values({
            school_id: schoolId,
            external_id: 'P1',
            given_name: 'Orla',
            family_name: 'Fenwick',
            preferred_name: null,
            date_of_birth: '2013-03-02',
            year_group: 8,
            left_on: null,
            upn: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      carerId = (
        await db
          .insertInto('carers')
          .values({
            school_id: schoolId,
            external_id: 'C1',
            given_name: 'Brin',
            family_name: 'Fenwick',
            email: null,
            phone: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      const now = t.clock.now();
      staff = await signInAs(db, { schoolId, roles: ['staff'], now });
      dsl = await signInAs(db, { schoolId, roles: ['staff', 'dsl'], now });
      smt = await signInAs(db, { schoolId, roles: ['staff', 'smt', 'headteacher'], now });
    });
    afterAll(async () => {
      await t.close();
    });

    const cases = (): {
      name: string;
      url: string;
      field: string;
      who?: () => TestSignIn;
      body: object;
    }[] => [
      {
        name: 'sign-in email',
        url: '/api/session',
        field: 'body.email',
        body: { email: `a${NUL}@nullbrook.example`, password: 'whatever passphrase' },
      },
      {
        name: 'sign-in email (lone surrogate)',
        url: '/api/session',
        field: 'body.email',
        body: { email: `a${LONE}@nullbrook.example`, password: 'whatever passphrase' },
      },
      {
        name: 'password reset email',
        url: '/api/password-reset',
        field: 'body.email',
        body: { email: `reset${NUL}@nullbrook.example` },
      },
      {
        name: 'password reset token',
        url: '/api/password-reset/confirm',
        field: 'body.token',
        body: { token: `token-long-enough-${NUL}-to-pass`, password: 'a long enough passphrase' },
      },
      {
        name: 'account purpose',
        url: '/api/accounts',
        field: 'body.purpose',
        who: () => staff,
        body: {
          platform: 'x',
          handle: '@nullclub',
          purposeKind: 'club',
          purpose: `Chess${NUL} club news`,
          linkedEmail: 'club@nullbrook.example',
        },
      },
      {
        name: 'account handle (lone surrogate)',
        url: '/api/accounts',
        field: 'body.handle',
        who: () => staff,
        body: {
          platform: 'x',
          handle: `@null${LONE}club`,
          purposeKind: 'club',
          purpose: 'Chess club news',
          linkedEmail: 'club@nullbrook.example',
        },
      },
      {
        name: 'consent evidence',
        url: '/api/consents',
        field: 'body.evidenceReference',
        who: () => smt,
        body: {
          pupilId,
          purpose: 'social_media',
          state: 'granted',
          carerId,
          evidenceReference: `FORM${NUL}12`,
          givenOn: '2026-11-01',
        },
      },
      {
        name: 'roster names (JSON upload)',
        url: '/api/roster/import?dryRun=true',
        field: 'body.files.0.content',
        who: () => smt,
        body: {
          files: [
            {
              name: 'roster.csv',
              content: `role,external_id,given_name,family_name\npupil,P9,Ja${NUL}ke,Jones\n`,
              encoding: 'utf8',
            },
          ],
        },
      },
      {
        name: 'concern triage note',
        url: '/api/concerns/00000000-0000-4000-8000-000000000000/entries',
        field: 'body.text',
        who: () => dsl,
        body: { text: `A note${NUL}` },
      },
    ];

    it('refuses a NUL or a lone surrogate in each field with a 400 naming it', async () => {
      for (const c of cases()) {
        const response = await t.app.inject({
          method: 'POST',
          url: c.url,
          headers: c.who?.().headers ?? {},
          payload: c.body,
        });
        expect(response.statusCode, c.name).toBe(400);
        const { error } = response.json();
        expect(error.code, c.name).toBe('UnstorableCharacter');
        expect(error.message, c.name).toContain(c.field);
      }
    });

    it('refuses one in the query or the path as well', async () => {
      for (const url of [
        '/api/people/pupils?q=a%00b',
        '/api/concerns/ab%00cd',
        '/api/accounts?status=%ED%A0%80',
      ]) {
        const response = await t.app.inject({ method: 'GET', url, headers: dsl.headers });
        expect(response.statusCode, url).toBeLessThan(500);
      }
      const nul = await t.app.inject({ method: 'GET', url: '/api/concerns/ab%00cd', headers: dsl.headers });
      expect(nul.statusCode).toBe(400);
      expect(nul.json().error.message).toContain('params.id');
    });

    it('refuses a roster upload holding a NUL with its file, line and column', async () => {
      const boundary = 'nullbrookboundary';
      const csv =
        'role,external_id,given_name,family_name\npupil,P9,Jake,Jones\npupil,P10,Ma\u0000ya,Jones\n';
      const payload = [
        `--${boundary}`,
        'Content-Disposition: form-data; name="file"; filename="roster.csv"',
        'Content-Type: text/csv',
        '',
        csv,
        `--${boundary}--`,
        '',
      ].join('\r\n');
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/roster/import?dryRun=true',
        headers: { ...smt.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('RosterFileInvalid');
      expect(response.json().error.details).toEqual([
        'roster.csv:3:13: a NUL character (U+0000) cannot be stored (save the file as UTF-8 text, not UTF-16)',
      ]);
    });

    it('refuses an uploaded file whose name holds a NUL, on both upload routes', async () => {
      const boundary = 'nullbrookboundary';
      const uploads = [
        {
          url: '/api/roster/import',
          csv:
            'role,external_id,given_name,family_name,preferred_name,date_of_birth,year_group,status,left_on,email,phone,linked_pupils\n' +
            'pupil,P7,Nell,Sutter,,,7,current,,,,\n',
        },
        {
          url: '/api/consents/import',
          csv: 'pupil_external_id,purpose,state,date,evidence_reference\nP1,press,granted,2026-09-08,F1\n',
        },
      ];
      for (const upload of uploads) {
        const payload = [
          `--${boundary}`,
          'Content-Disposition: form-data; name="file"; filename="list\u0000.csv"',
          'Content-Type: text/csv',
          '',
          upload.csv,
          `--${boundary}--`,
          '',
        ].join('\r\n');
        const response = await t.app.inject({
          method: 'POST',
          url: upload.url,
          headers: { ...smt.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
          payload,
        });
        expect(response.statusCode, upload.url).toBe(400);
        expect(response.json().error.code, upload.url).toBe('UnstorableCharacter');
        expect(response.json().error.message, upload.url).toContain('filename');
      }
    });

    it('keeps a concern report with a stray NUL or lone surrogate, says so, and records it', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/concerns',
        headers: staff.headers,
        payload: {
          type: 'pupil_contact',
          platform: `Insta${NUL}gram`,
          pupils: [{ pupilId, role: 'subject' }],
          whatHappened: `Tobin Quarry sent a message${NUL} late at night`,
          childWords: `she said it was ${LONE}fine`,
          actionsTaken: null,
          urgency: 'routine',
        },
      });
      expect(response.statusCode).toBe(201);
      const created = response.json();
      expect(created.warnings.map((w: { field: string }) => w.field)).toEqual([
        'childWords',
        'platform',
        'whatHappened',
      ]);
      expect(created.warnings[0].code).toBe('UnstorableCharacterRemoved');

      const detail = await t.app.inject({
        method: 'GET',
        url: `/api/concerns/${created.id}`,
        headers: dsl.headers,
      });
      expect(detail.statusCode).toBe(200);
      const concern = detail.json();
      expect(concern.platform).toBe('Instagram');
      expect(concern.whatHappened).toBe('Tobin Quarry sent a message late at night');
      expect(concern.childWords).toBe('she said it was \uFFFDfine');
      const reported = concern.chronology.find((e: { kind: string }) => e.kind === 'reported');
      expect(reported.facts.charactersRemovedFrom).toBe('childWords, platform, whatHappened');
    });
  });
}
