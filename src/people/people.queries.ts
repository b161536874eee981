import type { Role } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';
import { searchCarerRows, searchPupilRows, searchStaffRows } from './people.repository.js';

/**
 * The people domain's published reads: other domains read staff and pupils through these functions, never
 * through the tables or the repository (which stay this domain's own).
 */

/** A member of staff active in a school, with their roles there. */
export interface ActiveStaff {
  staffId: string;
  roles: Role[];
}

export async function listActiveStaff(db: DbExecutor, schoolId: string): Promise<ActiveStaff[]> {
  const rows = await db
    .selectFrom('staff_memberships')
    .select(['staff_id', 'roles'])
    .where('school_id', '=', schoolId)
    .where('status', '=', 'active')
    .execute();
  return rows.map((r) => ({ staffId: r.staff_id, roles: r.roles }));
}

/** Full names of staff by id (any school: a former colleague keeps their name). */
export async function staffNames(db: DbExecutor, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('staff')
    .select(['id', 'given_name', 'family_name'])
    .where('id', 'in', unique)
    .execute();
  return new Map(rows.map((r) => [r.id, `${r.given_name} ${r.family_name}`]));
}

/** Active staff of a school holding any of the roles, with the name and address colleagues reach them at. */
export async function staffContacts(
  db: DbExecutor,
  schoolId: string,
  roles: readonly Role[],
): Promise<{ staffId: string; name: string; email: string; roles: Role[] }[]> {
  const rows = await db
    .selectFrom('staff_memberships')
    .innerJoin('staff', 'staff.id', 'staff_memberships.staff_id')
    .select(['staff.id', 'staff.given_name', 'staff.family_name', 'staff.email', 'staff_memberships.roles'])
    .where('staff_memberships.school_id', '=', schoolId)
    .where('staff_memberships.status', '=', 'active')
    .orderBy('staff.family_name')
    .execute();
  return rows
    .filter((r) => r.roles.some((role) => roles.includes(role)))
    .map((r) => ({
      staffId: r.id,
      name: `${r.given_name} ${r.family_name}`,
      email: r.email,
      roles: r.roles,
    }));
}

/** Staff by id with their membership of one school (null roles and status when they never belonged). */
export async function staffWithMembership(
  db: DbExecutor,
  schoolId: string,
  ids: readonly string[],
): Promise<
  {
    id: string;
    given_name: string;
    family_name: string;
    roles: Role[] | null;
    status: 'active' | 'left' | null;
    manager_staff_id: string | null;
  }[]
> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('staff')
    .leftJoin('staff_memberships', (join) =>
      join
        .onRef('staff_memberships.staff_id', '=', 'staff.id')
        .on('staff_memberships.school_id', '=', schoolId),
    )
    .select([
      'staff.id',
      'staff.given_name',
      'staff.family_name',
      'staff_memberships.roles',
      'staff_memberships.status',
      'staff_memberships.manager_staff_id',
    ])
    .where('staff.id', 'in', [...ids])
    .execute();
}

export interface PupilFacts {
  id: string;
  given_name: string;
  family_name: string;
  date_of_birth: string | null;
  status: string;
}

/** The pupils among `ids` on the school's roll (current or left). */
export async function findPupilsInSchool(
  db: DbExecutor,
  schoolId: string,
  ids: readonly string[],
): Promise<PupilFacts[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('pupils')
    .select(['id', 'given_name', 'family_name', 'date_of_birth', 'status'])
    .where('school_id', '=', schoolId)
    .where('id', 'in', [...ids])
    .execute();
}

/** Full names of pupils by id. */
export async function pupilNames(db: DbExecutor, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('pupils')
    .select(['id', 'given_name', 'family_name'])
    .where('id', 'in', unique)
    .execute();
  return new Map(rows.map((r) => [r.id, `${r.given_name} ${r.family_name}`]));
}

/** Pupils among `ids` who have left, with the date they left. */
export async function findLeavers(
  db: DbExecutor,
  ids: readonly string[],
): Promise<{ id: string; school_id: string; left_on: string }[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('pupils')
    .select(['id', 'school_id', 'left_on'])
    .where('status', '=', 'left')
    .where('left_on', 'is not', null)
    .where('id', 'in', [...ids])
    .execute();
  return rows.flatMap((r) =>
    r.left_on === null ? [] : [{ id: r.id, school_id: r.school_id, left_on: r.left_on }],
  );
}

/** Active members of the school holding one of these roles (staff ids). */
export async function staffIdsWithRoles(
  db: DbExecutor,
  schoolId: string,
  wanted: readonly string[],
): Promise<string[]> {
  const rows = await db
    .selectFrom('staff_memberships')
    .select(['staff_id', 'roles'])
    .where('school_id', '=', schoolId)
    .where('status', '=', 'active')
    .execute();
  return rows.filter((r) => r.roles.some((role) => wanted.includes(role))).map((r) => r.staff_id);
}

/** The ids among `pupilIds` of pupils on the school's roll. */
export async function pupilIdsInSchool(
  db: DbExecutor,
  schoolId: string,
  pupilIds: readonly string[],
): Promise<Set<string>> {
  if (pupilIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('pupils')
    .select('id')
    .where('school_id', '=', schoolId)
    .where('id', 'in', [...new Set(pupilIds)])
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** A pupil as the roster names them. */
export interface RosterPupil {
  id: string;
  givenName: string;
  familyName: string;
  preferredName: string | null;
  yearGroup: number | null;
  status: 'current' | 'left';
}

/** Pupils of the school by id, as the roster names them. */
export async function rosterPupils(
  db: DbExecutor,
  schoolId: string,
  pupilIds: readonly string[],
): Promise<Map<string, RosterPupil>> {
  if (pupilIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('pupils')
    .select(['id', 'given_name', 'family_name', 'preferred_name', 'year_group', 'status'])
    .where('school_id', '=', schoolId)
    .where('id', 'in', [...new Set(pupilIds)])
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        givenName: r.given_name,
        familyName: r.family_name,
        preferredName: r.preferred_name,
        yearGroup: r.year_group,
        status: r.status,
      },
    ]),
  );
}

/** Which of these people are active members of the school. */
export async function activeMemberIds(
  db: DbExecutor,
  schoolId: string,
  staffIds: readonly string[],
): Promise<Set<string>> {
  if (staffIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('staff_memberships')
    .select('staff_id')
    .where('school_id', '=', schoolId)
    .where('status', '=', 'active')
    .where('staff_id', 'in', [...staffIds])
    .execute();
  return new Set(rows.map((r) => r.staff_id));
}

/** Email addresses of staff by id (any school), for saying who did something. */
export async function staffEmails(db: DbExecutor, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('staff').select(['id', 'email']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.email]));
}

/** A person of the school found by name: a pupil, a carer or a member of staff. */
export interface PersonMatch {
  kind: 'pupil' | 'carer' | 'staff';
  id: string;
  name: string;
  /** What tells two people of one name apart: a pupil's year group, a member of staff who left. */
  detail: string | null;
}

/**
 * Pupils (current and left), carers and staff of the school whose names start with every word of the
 * query (the pupil search's matching), at most `limit` of each kind. No permission check: the caller's use
 * case has made it.
 */
export async function findPeopleByName(
  db: DbExecutor,
  schoolId: string,
  query: string,
  limit = 10,
): Promise<PersonMatch[]> {
  const words = query.trim().split(/\s+/).filter(Boolean).slice(0, 5);
  if (words.length === 0) return [];
  const pupils = await searchPupilRows(db, schoolId, { words, limit });
  const carers = await searchCarerRows(db, schoolId, { words, limit });
  const staff = await searchStaffRows(db, schoolId, { words, limit });
  return [
    ...pupils.rows.map((p) => ({
      kind: 'pupil' as const,
      id: p.id,
      name: `${p.preferred_name ?? p.given_name} ${p.family_name}`,
      detail: p.status === 'left' ? 'left the school' : p.year_group === null ? null : `year ${p.year_group}`,
    })),
    ...carers.map((c) => ({
      kind: 'carer' as const,
      id: c.id,
      name: `${c.given_name} ${c.family_name}`,
      detail: null,
    })),
    ...staff.map((s) => ({
      kind: 'staff' as const,
      id: s.id,
      name: `${s.given_name} ${s.family_name}`,
      detail: s.status === 'left' ? 'left the school' : null,
    })),
  ];
}

/** Full names of the school's carers by id. */
export async function carerNames(
  db: DbExecutor,
  schoolId: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('carers')
    .select(['id', 'given_name', 'family_name'])
    .where('school_id', '=', schoolId)
    .where('id', 'in', unique)
    .execute();
  return new Map(rows.map((r) => [r.id, `${r.given_name} ${r.family_name}`]));
}
