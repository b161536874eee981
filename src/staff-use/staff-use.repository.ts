import type { DbExecutor } from '../platform/db/database.js';
import type { ContactExceptionRow, ContactExceptionStatus } from './staff-use.table.js';

/** Active members of the school holding one of these roles. */
export async function memberIdsWithRoles(
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

export async function findContactException(
  db: DbExecutor,
  schoolId: string,
  id: string,
  forUpdate = false,
): Promise<ContactExceptionRow | undefined> {
  let query = db
    .selectFrom('contact_exceptions')
    .selectAll()
    .where('school_id', '=', schoolId)
    .where('id', '=', id);
  if (forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export interface ContactExceptionWithNames extends ContactExceptionRow {
  staff_name: string;
  decided_by_name: string | null;
}

export async function listContactExceptions(
  db: DbExecutor,
  schoolId: string,
  filter: { staffId?: string; statuses?: readonly ContactExceptionStatus[] },
): Promise<ContactExceptionWithNames[]> {
  let query = db
    .selectFrom('contact_exceptions')
    .innerJoin('staff', 'staff.id', 'contact_exceptions.staff_id')
    .leftJoin('staff as decider', 'decider.id', 'contact_exceptions.decided_by_staff_id')
    .selectAll('contact_exceptions')
    .select([
      'staff.given_name',
      'staff.family_name',
      'decider.given_name as decider_given',
      'decider.family_name as decider_family',
    ])
    .where('contact_exceptions.school_id', '=', schoolId);
  if (filter.staffId) query = query.where('contact_exceptions.staff_id', '=', filter.staffId);
  if (filter.statuses && filter.statuses.length > 0)
    query = query.where('contact_exceptions.status', 'in', [...filter.statuses]);
  const rows = await query.orderBy('contact_exceptions.created_at', 'desc').limit(1000).execute();
  return rows.map(({ given_name, family_name, decider_given, decider_family, ...row }) => ({
    ...row,
    staff_name: `${given_name} ${family_name}`,
    decided_by_name: decider_given ? `${decider_given} ${decider_family ?? ''}`.trim() : null,
  }));
}

/** Approved exceptions whose end is on or before `horizon` (ISO date), every school: for the daily job. */
export async function approvedExceptionsEndingBy(
  db: DbExecutor,
  horizon: string,
): Promise<ContactExceptionRow[]> {
  return db
    .selectFrom('contact_exceptions')
    .selectAll()
    .where('status', '=', 'approved')
    .where('to_on', '<=', horizon)
    .execute();
}

/** One person's approved exceptions covering `today` (ISO date): what the check engine allows them. */
export async function approvedContactsOn(
  db: DbExecutor,
  schoolId: string,
  staffId: string,
  today: string,
): Promise<{ staff_id: string; channel: string; contact: string | null }[]> {
  return db
    .selectFrom('contact_exceptions')
    .select(['staff_id', 'channel', 'contact'])
    .where('school_id', '=', schoolId)
    .where('staff_id', '=', staffId)
    .where('status', '=', 'approved')
    .where('from_on', '<=', today)
    .where('to_on', '>=', today)
    .execute();
}
