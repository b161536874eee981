import { strToU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../platform/auth/roles.js';
import { signInAs } from '../platform/auth/test-session.js';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import { AppError } from '../platform/errors.js';
import { createSchool } from '../schools/create-school.js';
import { openStaffHandover } from '../staff-use/open-staff-handover.js';
import { type ImportRosterInput, importRoster } from './import-roster.js';
import type { RosterUpload } from './roster-parse.js';
import { buildRosterCsv } from './testing.js';

const system: Actor = { kind: 'system', label: 'test' };
// As the composition root wires it (src/app/context.ts): the handover opens as when marked by hand.
const peopleDeps = { onStaffLeft: openStaffHandover };
const today = '2026-11-24';

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

/** Twelve members of staff S1…S12 (generated names) and one pupil, in either format. */
const allStaff = Array.from({ length: 12 }, (_, i) => ({
  id: `S${i + 1}`,
  given: ['Hope', 'Idris', 'Juno', 'Kit', 'Lark', 'Milo', 'Nell', 'Otto', 'Pia', 'Rafe', 'Suki', 'Tam'][i]!,
  family: 'Quillfeather',
  email: `s${i + 1}@leavers.example`,
}));
type StaffRow = (typeof allStaff)[number];

function simpleRoster(staff: readonly StaffRow[]): RosterUpload[] {
  return [
    buildRosterCsv([
      { role: 'pupil', external_id: 'P1', given_name: 'Wren', family_name: 'Ashgrove', year_group: '8' },
      ...staff.map((s) => ({
        role: 'staff',
        external_id: s.id,
        given_name: s.given,
        family_name: s.family,
        email: s.email,
      })),
    ]),
  ];
}

function oneRoster(staff: readonly StaffRow[]): RosterUpload[] {
  const users = [
    'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password',
    'P1,,,true,org1,student,,,Wren,Ashgrove,,A111,,,,,08,',
    ...staff.map((s) => `${s.id},,,true,org1,teacher,,,${s.given},${s.family},,,${s.email},,,,,`),
  ].join('\n');
  return [
    { name: 'or/users.csv', bytes: strToU8(users) },
    { name: 'or/demographics.csv', bytes: strToU8('sourcedId,status,dateLastModified,birthDate,sex\n') },
    {
      name: 'or/orgs.csv',
      bytes: strToU8(
        'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\norg1,,,Leavers School,school,123456,\n',
      ),
    },
  ];
}

for (const engine of testEngines()) {
  for (const [format, build] of [
    ['simple CSV', simpleRoster],
    ['OneRoster', oneRoster],
  ] as const) {
    describe(`staff leavers from a ${format} roster on ${engine}`, () => {
      let t: TestDb;
      let schoolId: string;
      let admin: Actor;
      let smtId: string;
      let headId: string;

      const run = (staff: readonly StaffRow[], options: Partial<ImportRosterInput> = {}) =>
        importRoster(
          t.db,
          admin,
          { schoolId, files: build(staff), dryRun: false, full: true, today, ...options },
          peopleDeps,
        );
      const membership = (email: string) =>
        t.db
          .selectFrom('staff_memberships as m')
          .innerJoin('staff as s', 's.id', 'm.staff_id')
          .select(['m.staff_id', 'm.status', 'm.left_on'])
          .where('m.school_id', '=', schoolId)
          .where('s.email', '=', email)
          .executeTakeFirstOrThrow();
      const handoversOf = async (email: string) => {
        const { staff_id } = await membership(email);
        return t.db
          .selectFrom('staff_handovers')
          .select(['id', 'status', 'opened_by'])
          .where('staff_id', '=', staff_id)
          .orderBy('opened_at')
          .execute();
      };
      const leftCount = async () =>
        Number(
          (
            await t.db
              .selectFrom('staff_memberships')
              .select((eb) => eb.fn.countAll<string>().as('n'))
              .where('school_id', '=', schoolId)
              .where('status', '=', 'left')
              .executeTakeFirstOrThrow()
          ).n,
        );

      beforeAll(async () => {
        t = await createTestDb(engine);
        schoolId = (
          await createSchool(t.db, system, {
            name: 'Leavers School',
            officialEmailDomains: ['leavers.example'],
          })
        ).id;
        admin = (await signInAs(t.db, { schoolId, roles: ['admin'] })).actor;
        smtId = (await signInAs(t.db, { schoolId, roles: ['smt'] })).actor.staffId;
        headId = (await signInAs(t.db, { schoolId, roles: ['headteacher'] })).actor.staffId;
        await run(allStaff);
      });
      afterAll(async () => {
        await t.destroy();
      });

      it('lists a member of staff missing from a whole roster in the preview, and writes nothing', async () => {
        const preview = await run(allStaff.slice(0, 11), { dryRun: true });
        expect(preview.diff.staff.leavers).toEqual([{ externalId: 'S12', name: 'Tam Quillfeather' }]);
        expect(preview.counts.staffLeft).toBe(1);
        expect(preview.staffLeaversNeedConfirmation).toBe(false);
        expect(await membership('s12@leavers.example')).toMatchObject({ status: 'active', left_on: null });
      });

      it('ignores missing staff in a partial import, and in a whole roster that lists no staff', async () => {
        const partial = await run(allStaff.slice(0, 1), { full: false });
        expect(partial.diff.staff.leavers).toEqual([]);
        const pupilsOnly = await run([]);
        expect(pupilsOnly.diff.staff.leavers).toEqual([]);
        expect(await leftCount()).toBe(0);
      });

      it('marks them left with the date, audits it, and opens the handover as marking by hand does', async () => {
        const result = await run(allStaff.slice(0, 11));
        expect(result.counts.staffLeft).toBe(1);
        const s12 = await membership('s12@leavers.example');
        expect(s12).toMatchObject({ status: 'left', left_on: today });
        const audit = await t.db
          .selectFrom('audit_events')
          .select(['type', 'data', 'actor_label'])
          .where('school_id', '=', schoolId)
          .where('subject_id', '=', s12.staff_id)
          .execute();
        expect(audit).toEqual([
          {
            type: 'people.staff_left',
            data: { leftOn: today, rosterImportId: result.importId },
            actor_label: expect.stringContaining('admin'),
          },
        ]);
        const handovers = await handoversOf('s12@leavers.example');
        expect(handovers).toEqual([
          { id: expect.any(String), status: 'open', opened_by: expect.any(String) },
        ]);
        const told = await t.db
          .selectFrom('notifications')
          .select(['staff_id', 'link'])
          .where('kind', '=', 'staff_use.handover')
          .where('school_id', '=', schoolId)
          .execute();
        expect(told.map((n) => n.staff_id).sort()).toEqual([smtId, headId].sort());
        expect(told.every((n) => n.link?.endsWith(handovers[0]?.id ?? '-'))).toBe(true);
      });

      it('refuses a truncated roster that would mark more than a tenth of the staff left, unless confirmed', async () => {
        const truncated = allStaff.slice(0, 3);
        const preview = await run(truncated, { dryRun: true });
        expect(preview.diff.staff.leavers.map((l) => l.externalId)).toEqual(
          allStaff.slice(3, 11).map((s) => s.id),
        );
        expect(preview.staffLeaversNeedConfirmation).toBe(true);
        const error = await errorOf(run(truncated));
        expect(error.code).toBe('RosterStaffLeaversUnconfirmed');
        expect(await leftCount()).toBe(1);
        const confirmed = await run(truncated, { confirmStaffLeavers: true });
        expect(confirmed.counts.staffLeft).toBe(8);
        expect(await leftCount()).toBe(9);
      });

      it('takes back someone who reappears; a done handover stays done, and leaving again opens a new one', async () => {
        const back = await run(allStaff, { confirmStaffLeavers: true });
        expect(back.diff.staff.leavers).toEqual([]);
        expect(back.diff.staff.updated.map((u) => u.changes)).toContainEqual(['status']);
        expect(await membership('s12@leavers.example')).toMatchObject({ status: 'active', left_on: null });
        expect(await leftCount()).toBe(0);
        // Back on roll, the open handover stays for SMT to finish.
        const [open] = await handoversOf('s12@leavers.example');
        expect(open?.status).toBe('open');
        await t.db
          .updateTable('staff_handovers')
          .set({ status: 'done' })
          .where('id', '=', open!.id)
          .execute();
        await run(allStaff.slice(0, 11));
        expect((await handoversOf('s12@leavers.example')).map((h) => h.status)).toEqual(['done', 'open']);
      });
    });
  }
}
