import type { Role } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';
import type { StaffInSchool } from './concern-routing.js';
import type { ConcernRow, ConcernSettingsRow } from './concerns.table.js';

export async function findConcern(
  db: DbExecutor,
  schoolId: string,
  id: string,
): Promise<ConcernRow | undefined> {
  return db
    .selectFrom('concerns')
    .selectAll()
    .where('school_id', '=', schoolId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The concern row locked for the rest of the transaction (one writer at a time per concern). */
export async function lockConcern(db: DbExecutor, id: string): Promise<ConcernRow | undefined> {
  return db.selectFrom('concerns').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function findConcernSettings(
  db: DbExecutor,
  schoolId: string,
): Promise<ConcernSettingsRow | undefined> {
  return db.selectFrom('concern_settings').selectAll().where('school_id', '=', schoolId).executeTakeFirst();
}

export async function listActiveStaff(db: DbExecutor, schoolId: string): Promise<StaffInSchool[]> {
  const rows = await db
    .selectFrom('staff_memberships')
    .select(['staff_id', 'roles'])
    .where('school_id', '=', schoolId)
    .where('status', '=', 'active')
    .execute();
  return rows.map((r) => ({ staffId: r.staff_id, roles: r.roles }));
}

export async function findPupilsInSchool(
  db: DbExecutor,
  schoolId: string,
  ids: readonly string[],
): Promise<
  { id: string; given_name: string; family_name: string; date_of_birth: string | null; status: string }[]
> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('pupils')
    .select(['id', 'given_name', 'family_name', 'date_of_birth', 'status'])
    .where('school_id', '=', schoolId)
    .where('id', 'in', [...ids])
    .execute();
}

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

/** The concerns among `ids` that the member of staff was alerted about (at any level of the chain). */
export async function concernsAlertedTo(
  db: DbExecutor,
  staffId: string,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('concern_alerts')
    .select('concern_id')
    .where('staff_id', '=', staffId)
    .where('concern_id', 'in', [...ids])
    .execute();
  return new Set(rows.map((r) => r.concern_id));
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
