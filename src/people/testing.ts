import { randomBytes } from 'node:crypto';
import { strToU8 } from 'fflate';
import type { Role } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';
import type { StaffActor } from '../platform/http/route-access.js';
import type { RosterUpload } from './roster-parse.js';
import { simpleRosterColumns } from './roster-parse.js';

/** Test factory: a simple roster CSV upload from rows keyed by column name (generated names only). */
export function buildRosterCsv(
  rows: readonly Partial<Record<(typeof simpleRosterColumns)[number] | 'roles', string>>[],
  name = 'roster.csv',
): RosterUpload {
  const columns = [...simpleRosterColumns, 'roles'] as const;
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [columns.join(','), ...rows.map((r) => columns.map((c) => quote(r[c] ?? '')).join(','))];
  return { name, bytes: strToU8(`${lines.join('\n')}\n`) };
}

/**
 * Test factory: a member of staff with these roles at this school, not signed in (for service tests; HTTP
 * tests use `signInAs`). Generated names only. Returns their id and the actor a service takes.
 */
export async function buildStaff(
  db: DbExecutor,
  input: {
    schoolId: string;
    roles: Role[];
    givenName?: string;
    familyName?: string;
    email?: string;
    managerStaffId?: string | null;
  },
): Promise<{ staffId: string; actor: StaffActor }> {
  const key = randomBytes(3).toString('hex');
  const givenName = input.givenName ?? 'Staffname';
  const familyName = input.familyName ?? `Tester${key}`;
  const email = input.email ?? `staff-${key}@staff.example`;
  const staff = await db
    .insertInto('staff')
    .values({ email, given_name: givenName, family_name: familyName })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('staff_memberships')
    .values({
      school_id: input.schoolId,
      staff_id: staff.id,
      roles: input.roles,
      manager_staff_id: input.managerStaffId ?? null,
    })
    .execute();
  return {
    staffId: staff.id,
    actor: {
      kind: 'staff',
      staffId: staff.id,
      schoolId: input.schoolId,
      roles: input.roles,
      email,
      name: `${givenName} ${familyName}`,
    },
  };
}

/** Test factory: a pupil on the school's roll (generated names only). Returns their id. */
export async function buildPupil(
  db: DbExecutor,
  input: {
    schoolId: string;
    givenName?: string;
    familyName?: string;
    dateOfBirth?: string | null;
    yearGroup?: number | null;
    leftOn?: string;
  },
): Promise<string> {
  const key = randomBytes(3).toString('hex');
  const row = await db
    .insertInto('pupils')
    .values({
      school_id: input.schoolId,
      external_id: `P-${key}`,
      given_name: input.givenName ?? 'Pupilname',
      family_name: input.familyName ?? `Learner${key}`,
      date_of_birth: input.dateOfBirth ?? null,
      year_group: input.yearGroup ?? 8,
      left_on: input.leftOn ?? null,
      ...(input.leftOn ? { status: 'left' as const } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Test factory: a carer, linked to the pupils given (with parental responsibility unless told otherwise). */
export async function buildCarer(
  db: DbExecutor,
  input: {
    schoolId: string;
    pupilIds?: readonly string[];
    email?: string | null;
    parentalResponsibility?: boolean;
  },
): Promise<string> {
  const key = randomBytes(3).toString('hex');
  const carer = await db
    .insertInto('carers')
    .values({
      school_id: input.schoolId,
      external_id: `C-${key}`,
      given_name: 'Carername',
      family_name: `Guardian${key}`,
      email: input.email === undefined ? `carer-${key}@family.example` : input.email,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (input.pupilIds?.length)
    await db
      .insertInto('carer_pupil_links')
      .values(
        input.pupilIds.map((pupilId) => ({
          school_id: input.schoolId,
          carer_id: carer.id,
          pupil_id: pupilId,
          parental_responsibility: input.parentalResponsibility ?? true,
        })),
      )
      .execute();
  return carer.id;
}
