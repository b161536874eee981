import { strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../platform/auth/roles.js';
import { signInAs } from '../platform/auth/test-session.js';
import { testEngines } from '../platform/db/test-db.js';
import { multipartFile } from '../platform/http/testing.js';
import { buildTestZip } from '../platform/uploads/testing.js';
import { createSchool } from '../schools/create-school.js';
import { createTestApp, type TestApp } from '../server/test-app.js';
import { buildRosterCsv } from './testing.js';

const system: Actor = { kind: 'system', label: 'test' };

const roster = strFromU8(
  buildRosterCsv([
    {
      role: 'pupil',
      external_id: 'P1',
      given_name: 'Grace',
      family_name: "O'Brien",
      preferred_name: 'Gracie',
      date_of_birth: '2013-03-14',
      year_group: '8',
    },
    {
      role: 'pupil',
      external_id: 'P2',
      given_name: 'Will',
      family_name: 'Smith-Jones',
      date_of_birth: '2012-05-01',
      year_group: '9',
    },
    {
      role: 'carer',
      external_id: 'C1',
      given_name: 'Siân',
      family_name: "O'Brien",
      email: 'c1@example.com',
      phone: '07700 900111',
      linked_pupils: 'P1',
    },
    {
      role: 'staff',
      external_id: 'S1',
      given_name: 'Hope',
      family_name: 'Ng',
      email: 'hope.ng@routes.example',
      roles: 'manager',
    },
  ]).bytes,
);

function multipartBody(fileName: string, content: string, fields: Record<string, string>) {
  const boundary = '----guardpostTestBoundary';
  const parts = [
    ...Object.entries(fields).map(
      ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
    ),
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n`,
    `--${boundary}--\r\n`,
  ];
  return {
    payload: parts.join(''),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

for (const engine of testEngines()) {
  describe(`people routes on ${engine}`, () => {
    let t: TestApp;
    type Headers = { cookie: string; 'x-csrf-token': string };
    const none: Headers = { cookie: '', 'x-csrf-token': '' };
    const as: Record<'staff' | 'dsl' | 'admin' | 'head' | 'otherAdmin', Headers> = {
      staff: none,
      dsl: none,
      admin: none,
      head: none,
      otherAdmin: none,
    };

    beforeAll(async () => {
      t = await createTestApp(engine);
      const db = t.testDb.db;
      const school = await createSchool(db, system, {
        name: 'Riverside Academy',
        officialEmailDomains: ['riverside.example'],
      });
      const other = await createSchool(db, system, {
        name: 'Hillview School',
        officialEmailDomains: ['hillview.example'],
      });
      const now = t.clock.now();
      as.staff = (await signInAs(db, { schoolId: school.id, roles: ['staff'], now })).headers;
      as.dsl = (await signInAs(db, { schoolId: school.id, roles: ['staff', 'dsl'], now })).headers;
      as.admin = (await signInAs(db, { schoolId: school.id, roles: ['admin'], now })).headers;
      as.head = (await signInAs(db, { schoolId: school.id, roles: ['headteacher'], now })).headers;
      as.otherAdmin = (await signInAs(db, { schoolId: other.id, roles: ['admin', 'dsl'], now })).headers;
    });
    afterAll(async () => {
      await t.close();
    });

    const importJson = (headers: Headers, body: unknown) =>
      t.app.inject({
        method: 'POST',
        url: '/api/roster/import',
        headers,
        payload: body as object,
      });

    it('refuses import to anyone but admins and the head', async () => {
      const anonymous = await t.app.inject({
        method: 'POST',
        url: '/api/roster/import',
        payload: { files: [{ name: 'r.csv', content: roster }] },
      });
      expect(anonymous.statusCode).toBe(401);
      for (const headers of [as.staff, as.dsl]) {
        const res = await importJson(headers, { files: [{ name: 'r.csv', content: roster }] });
        expect(res.statusCode).toBe(403);
        expect(res.json().error.code).toBe('RoleRequired');
      }
    });

    it('returns the diff of a dry run and writes nothing', async () => {
      const res = await importJson(as.head, {
        files: [{ name: 'r.csv', content: roster }],
        dryRun: true,
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        dryRun: true,
        importId: null,
        counts: { pupilsAdded: 2, carersAdded: 1 },
      });
      const pupils = await t.app.inject({
        method: 'GET',
        url: '/api/people/pupils',
        headers: as.staff,
      });
      expect(pupils.json().pupils).toEqual([]);
    });

    it('lists every problem of a bad file', async () => {
      const bad = `${roster}pupil,P1,Joy,Twice,,2013-02-30,8,current,,,,,\n`;
      const res = await importJson(as.admin, { files: [{ name: 'r.csv', content: bad }] });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('RosterFileInvalid');
      expect(res.json().error.details).toEqual([
        'r.csv:6:7: duplicate external_id P1',
        'r.csv:6:21: date_of_birth "2013-02-30" is not a real date',
      ]);
    });

    it('imports an uploaded file', async () => {
      const upload = multipartBody('roster.csv', roster, { full: 'true' });
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/roster/import',
        payload: upload.payload,
        headers: { ...upload.headers, ...as.admin },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        dryRun: false,
        full: true,
        format: 'simple',
        counts: { pupilsAdded: 2, staffAdded: 1 },
      });
      expect(res.json().importId).toEqual(expect.any(String));
    });

    it('marks staff a whole roster no longer lists as left only once the importer confirms so many', async () => {
      // At the other school, so the staff lists the other tests read stay as they are.
      const csv = (staff: string) =>
        strFromU8(
          buildRosterCsv([
            {
              role: 'pupil',
              external_id: 'H-P1',
              given_name: 'Tamsin',
              family_name: 'Greaves',
              year_group: '7',
            },
            {
              role: 'staff',
              external_id: staff,
              given_name: staff === 'H-S1' ? 'Ivo' : 'Una',
              family_name: 'Marsh',
              email: `${staff.toLowerCase()}@hillview.example`,
            },
          ]).bytes,
        );
      const first = await importJson(as.otherAdmin, {
        files: [{ name: 'r.csv', content: csv('H-S1') }],
        full: true,
      });
      expect(first.statusCode).toBe(200);
      // Ivo is missing from the next whole roster: one leaver of two staff, more than a tenth.
      const preview = await importJson(as.otherAdmin, {
        files: [{ name: 'r.csv', content: csv('H-S2') }],
        full: true,
        dryRun: true,
      });
      expect(preview.json()).toMatchObject({
        staffLeaversNeedConfirmation: true,
        diff: { staff: { leavers: [{ externalId: 'H-S1', name: 'Ivo Marsh' }] } },
      });
      const refused = await importJson(as.otherAdmin, {
        files: [{ name: 'r.csv', content: csv('H-S2') }],
        full: true,
      });
      expect(refused.json().error.code).toBe('RosterStaffLeaversUnconfirmed');
      const upload = multipartBody('roster.csv', csv('H-S2'), { full: 'true', confirmStaffLeavers: 'true' });
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/roster/import',
        payload: upload.payload,
        headers: { ...upload.headers, ...as.otherAdmin },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().counts).toMatchObject({ staffLeft: 1, staffAdded: 1 });
      const ivo = await t.testDb.db
        .selectFrom('staff_memberships as m')
        .innerJoin('staff as s', 's.id', 'm.staff_id')
        .select(['m.status', 'm.left_on'])
        .where('s.email', '=', 'h-s1@hillview.example')
        .executeTakeFirstOrThrow();
      expect(ivo).toEqual({ status: 'left', left_on: t.clock.today() });
    });

    const uploadAsAdmin = (fileName: string, bytes: Uint8Array) => {
      const upload = multipartFile('file', fileName, 'application/octet-stream', bytes);
      return t.app.inject({
        method: 'POST',
        url: '/api/roster/import',
        payload: upload.payload,
        headers: { ...upload.headers, ...as.admin },
      });
    };

    it('refuses a zip bomb from its headers, and one that lies about its size while unpacking', async () => {
      const cases = [
        {
          zip: buildTestZip([{ name: 'users.csv', size: 210 * 1024 * 1024 }]),
          message: 'bomb.zip: users.csv says it unpacks to 210 MB; the limit is 200 MB unpacked',
        },
        {
          zip: buildTestZip([{ name: 'users.csv', size: 210 * 1024 * 1024, declaredSize: 2048 }]),
          message:
            'bomb.zip: users.csv unpacks to more than the 2 kB it declares; the limit is 200 MB unpacked',
        },
      ];
      for (const { zip, message } of cases) {
        const res = await uploadAsAdmin('bomb.zip', zip);
        expect(res.statusCode).toBe(400);
        expect(res.json().error.code).toBe('ZipTooLarge');
        expect(res.json().error.message).toContain(message);
      }
    });

    it('names the file and the limit when an uploaded roster file is too large', async () => {
      const res = await uploadAsAdmin('roster.csv', new Uint8Array(25 * 1024 * 1024 + 1).fill(0x61));
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toEqual({
        code: 'RosterFileTooLarge',
        message: 'roster.csv is larger than 25 MB, the limit for this upload',
      });
    });

    it('finds pupils by given, preferred or family name and year', async () => {
      const find = async (query: string) =>
        (
          await t.app.inject({
            method: 'GET',
            url: `/api/people/pupils?${query}`,
            headers: as.staff,
          })
        ).json().pupils as { givenName: string }[];
      expect((await find('q=gracie')).map((p) => p.givenName)).toEqual(['Grace']);
      expect((await find('q=jones')).map((p) => p.givenName)).toEqual(['Will']);
      expect((await find('q=o%27brien%20gra')).map((p) => p.givenName)).toEqual(['Grace']);
      expect((await find('year=9')).map((p) => p.givenName)).toEqual(['Will']);
      const [first] = await find('q=grace');
      // The list carries what it needs and no more.
      expect(Object.keys(first ?? {}).sort()).toEqual([
        'familyName',
        'givenName',
        'id',
        'preferredName',
        'status',
        'yearGroup',
      ]);
    });

    it('pages a long search and says how many match in all', async () => {
      const many = strFromU8(
        buildRosterCsv(
          Array.from({ length: 120 }, (_, i) => ({
            role: 'pupil',
            external_id: `PAGE${String(i).padStart(3, '0')}`,
            given_name: 'Pagina',
            family_name: `Tester${String(i).padStart(3, '0')}`,
            date_of_birth: '2011-01-01',
            year_group: '10',
          })),
        ).bytes,
      );
      expect((await importJson(as.admin, { files: [{ name: 'many.csv', content: many }] })).statusCode).toBe(
        200,
      );
      const page = async (offset?: number) =>
        (
          await t.app.inject({
            method: 'GET',
            url: `/api/people/pupils?q=pagina${offset === undefined ? '' : `&offset=${offset}`}`,
            headers: as.staff,
          })
        ).json() as { pupils: { familyName: string }[]; total: number; offset: number; pageSize: number };
      const first = await page();
      expect(first).toMatchObject({ total: 120, offset: 0, pageSize: 50 });
      expect(first.pupils).toHaveLength(50);
      const second = await page(50);
      const third = await page(100);
      expect(third.pupils).toHaveLength(20);
      const seen = [...first.pupils, ...second.pupils, ...third.pupils].map((p) => p.familyName);
      expect(new Set(seen).size).toBe(120);
      expect(seen[0]).toBe('Tester000');
      expect(seen[119]).toBe('Tester119');
    });

    it('shows date of birth and carer contact only to safeguarding leads, the head and admins', async () => {
      const [grace] = (
        await t.app.inject({
          method: 'GET',
          url: '/api/people/pupils?q=grace',
          headers: as.staff,
        })
      ).json().pupils as { id: string }[];
      const asStaff = await t.app.inject({
        method: 'GET',
        url: `/api/people/pupils/${grace?.id}`,
        headers: as.staff,
      });
      expect(asStaff.json()).toMatchObject({
        dateOfBirth: null,
        carers: [{ givenName: 'Siân', email: null, phone: null }],
      });
      const asDsl = await t.app.inject({
        method: 'GET',
        url: `/api/people/pupils/${grace?.id}`,
        headers: as.dsl,
      });
      expect(asDsl.json()).toMatchObject({
        dateOfBirth: '2013-03-14',
        carers: [{ email: 'c1@example.com', phone: '07700 900111', relationship: null }],
      });
      const carerId = asDsl.json().carers[0].id as string;
      const carer = await t.app.inject({
        method: 'GET',
        url: `/api/people/carers/${carerId}`,
        headers: as.staff,
      });
      expect(carer.json()).toMatchObject({
        givenName: 'Siân',
        email: null,
        pupils: [{ givenName: 'Grace' }],
      });
      // Each read of a child's or carer's record is audited, with whether protected fields were shown.
      const reads = await t.testDb.db
        .selectFrom('audit_events')
        .select(['type', 'subject_id', 'data'])
        .where('type', 'in', ['people.pupil_viewed', 'people.carer_viewed'])
        .orderBy('id')
        .execute();
      expect(reads.map((r) => [r.type, r.subject_id, r.data])).toEqual([
        ['people.pupil_viewed', grace?.id, { dateOfBirthShown: false, carerContactShown: false }],
        ['people.pupil_viewed', grace?.id, { dateOfBirthShown: true, carerContactShown: true }],
        ['people.carer_viewed', carerId, { contactShown: false }],
      ]);
    });

    it("never shows another school's people", async () => {
      const [grace] = (
        await t.app.inject({
          method: 'GET',
          url: '/api/people/pupils?q=grace',
          headers: as.admin,
        })
      ).json().pupils as { id: string }[];
      const detail = (
        await t.app.inject({
          method: 'GET',
          url: `/api/people/pupils/${grace?.id}`,
          headers: as.admin,
        })
      ).json();
      const other = as.otherAdmin;
      const pupil = await t.app.inject({
        method: 'GET',
        url: `/api/people/pupils/${grace?.id}`,
        headers: other,
      });
      expect(pupil.statusCode).toBe(404);
      expect(pupil.json().error.code).toBe('PupilNotFound');
      const carer = await t.app.inject({
        method: 'GET',
        url: `/api/people/carers/${detail.carers[0].id}`,
        headers: other,
      });
      expect(carer.statusCode).toBe(404);
      expect(carer.json().error.code).toBe('CarerNotFound');
      const search = await t.app.inject({ method: 'GET', url: '/api/people/pupils?q=grace', headers: other });
      expect(search.json().pupils).toEqual([]);
      const staff = await t.app.inject({ method: 'GET', url: '/api/people/staff', headers: other });
      expect(staff.json().staff.map((s: { email: string }) => s.email)).not.toContain(
        'hope.ng@routes.example',
      );
      const notAnId = await t.app.inject({
        method: 'GET',
        url: '/api/people/pupils/not-a-uuid',
        headers: other,
      });
      expect(notAnId.statusCode).toBe(404);
    });

    it('lists the school staff with their roles', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/people/staff',
        headers: as.staff,
      });
      expect(res.statusCode).toBe(200);
      const hope = res.json().staff.find((s: { email: string }) => s.email === 'hope.ng@routes.example');
      expect(hope).toMatchObject({ givenName: 'Hope', roles: ['staff', 'manager'], status: 'active' });
      expect(res.json().staff).toHaveLength(5);
    });
  });
}
