import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../platform/auth/roles.js';
import { signInAs } from '../platform/auth/test-session.js';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import { AppError } from '../platform/errors.js';
import { createSchool } from '../schools/create-school.js';
import { openStaffHandover } from '../staff-use/open-staff-handover.js';
import { importRoster } from './import-roster.js';
import { buildRosterCsv } from './testing.js';

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

const system: Actor = { kind: 'system', label: 'test' };
// As the composition root wires it (src/app/context.ts).
const peopleDeps = { onStaffLeft: openStaffHandover };

const firstRoster = buildRosterCsv([
  {
    role: 'pupil',
    external_id: 'P1',
    given_name: 'Grace',
    family_name: "O'Brien",
    date_of_birth: '2013-03-14',
    year_group: '8',
  },
  { role: 'pupil', external_id: 'P2', given_name: 'Will', family_name: 'Smith-Jones', year_group: '9' },
  { role: 'pupil', external_id: 'P3', given_name: 'Zoë', family_name: 'Adeyemi', year_group: '7' },
  {
    role: 'carer',
    external_id: 'C1',
    given_name: 'Siân',
    family_name: "O'Brien",
    email: 'c1@example.com',
    linked_pupils: 'P1;P2',
  },
  {
    role: 'staff',
    external_id: 'S1',
    given_name: 'Hope',
    family_name: 'Ng',
    email: 'hope.ng@import.example',
    roles: 'dsl',
  },
]);

for (const engine of testEngines()) {
  describe(`roster import on ${engine}`, () => {
    let t: TestDb;
    let schoolId: string;
    let otherSchoolId: string;
    let admin: Actor;

    async function peopleCounts() {
      const count = async (table: 'pupils' | 'carers' | 'carer_pupil_links' | 'roster_imports') =>
        Number(
          (
            await t.db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll<string>().as('n'))
              .where('school_id', '=', schoolId)
              .executeTakeFirstOrThrow()
          ).n,
        );
      return {
        pupils: await count('pupils'),
        carers: await count('carers'),
        links: await count('carer_pupil_links'),
        imports: await count('roster_imports'),
      };
    }

    beforeAll(async () => {
      t = await createTestDb(engine);
      schoolId = (
        await createSchool(t.db, system, {
          name: 'Riverside Academy',
          officialEmailDomains: ['riverside.example'],
        })
      ).id;
      otherSchoolId = (
        await createSchool(t.db, system, {
          name: 'Hillview School',
          officialEmailDomains: ['hillview.example'],
        })
      ).id;
      admin = (await signInAs(t.db, { schoolId, roles: ['admin'] })).actor;
    });
    afterAll(async () => {
      await t.destroy();
    });

    it('refuses staff and other schools, and writes nothing', async () => {
      const staff = (await signInAs(t.db, { schoolId, roles: ['staff', 'dsl', 'smt'] })).actor;
      const otherHead = (await signInAs(t.db, { schoolId: otherSchoolId, roles: ['headteacher'] })).actor;
      for (const actor of [staff, otherHead]) {
        const error = await errorOf(
          importRoster(
            t.db,
            actor,
            { schoolId, files: [firstRoster], dryRun: false, full: false },
            peopleDeps,
          ),
        );
        expect(error.code).toBe('RosterImportForbidden');
      }
      expect(await peopleCounts()).toEqual({ pupils: 0, carers: 0, links: 0, imports: 0 });
    });

    it('a dry run returns the diff and writes nothing', async () => {
      const result = await importRoster(
        t.db,
        admin,
        {
          schoolId,
          files: [firstRoster],
          dryRun: true,
          full: false,
        },
        peopleDeps,
      );
      expect(result.importId).toBeNull();
      expect(result.counts).toMatchObject({ pupilsAdded: 3, carersAdded: 1, staffAdded: 1, linksAdded: 2 });
      expect(result.diff.pupils.added.map((p) => p.name)).toEqual([
        "Grace O'Brien",
        'Will Smith-Jones',
        'Zoë Adeyemi',
      ]);
      expect(await peopleCounts()).toEqual({ pupils: 0, carers: 0, links: 0, imports: 0 });
    });

    it('a bad file is refused whole, with every problem, and nothing is written', async () => {
      const bad = buildRosterCsv([
        { role: 'pupil', external_id: 'P1', given_name: 'Grace', family_name: 'Ok', year_group: '8' },
        {
          role: 'pupil',
          external_id: 'P1',
          given_name: 'Joy',
          family_name: 'Twice',
          date_of_birth: '2013-02-30',
        },
      ]);
      const error = await errorOf(
        importRoster(t.db, admin, { schoolId, files: [bad], dryRun: false, full: false }, peopleDeps),
      );
      expect(error.code).toBe('RosterFileInvalid');
      expect(error.details).toHaveLength(2);
      expect(await peopleCounts()).toEqual({ pupils: 0, carers: 0, links: 0, imports: 0 });
    });

    it('a failure part-way through the write leaves nothing behind', async () => {
      const error = await errorOf(
        importRoster(
          t.db,
          admin,
          {
            schoolId,
            files: [firstRoster],
            dryRun: false,
            full: false,
            onProgress: (done) => {
              if (done === 3) throw new AppError('unavailable', 'Interrupted', 'interrupted by the test');
            },
          },
          peopleDeps,
        ),
      );
      expect(error.code).toBe('Interrupted');
      expect(await peopleCounts()).toEqual({ pupils: 0, carers: 0, links: 0, imports: 0 });
    });

    it('imports pupils, carers, links and staff in one audited write', async () => {
      const result = await importRoster(
        t.db,
        admin,
        {
          schoolId,
          files: [firstRoster],
          dryRun: false,
          full: false,
        },
        peopleDeps,
      );
      expect(result.importId).not.toBeNull();
      expect(await peopleCounts()).toEqual({ pupils: 3, carers: 1, links: 2, imports: 1 });
      const member = await t.db
        .selectFrom('staff_memberships as m')
        .innerJoin('staff as s', 's.id', 'm.staff_id')
        .select(['m.roles', 'm.external_id'])
        .where('s.email', '=', 'hope.ng@import.example')
        .where('m.school_id', '=', schoolId)
        .executeTakeFirstOrThrow();
      expect(member).toEqual({ roles: ['staff', 'dsl'], external_id: 'S1' });
      const audit = await t.db
        .selectFrom('audit_events')
        .select(['type', 'subject_id', 'data'])
        .where('school_id', '=', schoolId)
        .where('type', '=', 'roster.imported')
        .execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]?.subject_id).toBe(result.importId);
      // Counts only: no names reach the audit log.
      expect(JSON.stringify(audit[0]?.data)).not.toMatch(/Grace|Brien|Hope/);
      expect(audit[0]?.data).toMatchObject({ full: false, counts: { pupilsAdded: 3, staffAdded: 1 } });
    });

    it('the same file again changes nothing', async () => {
      const result = await importRoster(
        t.db,
        admin,
        {
          schoolId,
          files: [firstRoster],
          dryRun: true,
          full: false,
        },
        peopleDeps,
      );
      expect(result.counts).toEqual({
        pupilsAdded: 0,
        pupilsUpdated: 0,
        pupilsLeft: 0,
        carersAdded: 0,
        carersUpdated: 0,
        staffAdded: 0,
        staffUpdated: 0,
        staffLeft: 0,
        linksAdded: 0,
        linksUpdated: 0,
        linksEnded: 0,
      });
      expect(result.diff.pupils.unchanged).toBe(3);
    });

    it('a full import updates changed fields, marks missing pupils as left today, and ends dropped links', async () => {
      const next = buildRosterCsv([
        {
          role: 'pupil',
          external_id: 'P1',
          given_name: 'Grace',
          family_name: "O'Brien",
          preferred_name: 'Gracie',
          date_of_birth: '2013-03-14',
          year_group: '9',
        },
        { role: 'pupil', external_id: 'P3', given_name: 'Zoë', family_name: 'Adeyemi', year_group: '7' },
        { role: 'pupil', external_id: 'P4', given_name: 'Summer', family_name: 'Khan', year_group: '7' },
        {
          role: 'carer',
          external_id: 'C1',
          given_name: 'Siân',
          family_name: "O'Brien",
          email: 'c1@example.com',
          linked_pupils: 'P1',
        },
      ]);
      const result = await importRoster(
        t.db,
        admin,
        {
          schoolId,
          files: [next],
          dryRun: false,
          full: true,
          today: '2026-11-24',
        },
        peopleDeps,
      );
      expect(result.diff.pupils.added.map((p) => p.externalId)).toEqual(['P4']);
      expect(result.diff.pupils.updated).toEqual([
        { externalId: 'P1', name: "Grace O'Brien", changes: ['preferredName', 'yearGroup'] },
      ]);
      expect(result.diff.pupils.leavers.map((p) => p.externalId)).toEqual(['P2']);
      expect(result.counts).toMatchObject({ linksEnded: 1, staffAdded: 0, staffUpdated: 0 });
      const leaver = await t.db
        .selectFrom('pupils')
        .select(['status', 'left_on'])
        .where('school_id', '=', schoolId)
        .where('external_id', '=', 'P2')
        .executeTakeFirstOrThrow();
      expect(leaver).toEqual({ status: 'left', left_on: '2026-11-24' });
      // Nothing is deleted: the leaver and the ended link are still there.
      expect(await peopleCounts()).toEqual({ pupils: 4, carers: 1, links: 2, imports: 2 });
      const ended = await t.db
        .selectFrom('carer_pupil_links')
        .select('ended_on')
        .where('ended_on', 'is not', null)
        .execute();
      expect(ended).toEqual([{ ended_on: '2026-11-24' }]);
    });

    it('refuses a full import with no pupils', async () => {
      const staffOnly = buildRosterCsv([
        {
          role: 'staff',
          external_id: 'S1',
          given_name: 'Hope',
          family_name: 'Ng',
          email: 'hope.ng@import.example',
        },
      ]);
      const error = await errorOf(
        importRoster(t.db, admin, { schoolId, files: [staffOnly], dryRun: false, full: true }, peopleDeps),
      );
      expect(error.code).toBe('RosterEmpty');
    });
  });
}
