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

/** A leaver's live accounts on the register (anything not retired or rejected) and how they own each. */
export async function liveAccountsOwnedBy(db: DbExecutor, schoolId: string, staffId: string) {
  const rows = await db
    .selectFrom('accounts')
    .innerJoin('account_owners', 'account_owners.account_id', 'accounts.id')
    .select([
      'accounts.id',
      'accounts.platform',
      'accounts.handle',
      'accounts.purpose',
      'accounts.status',
      'account_owners.is_primary',
    ])
    .where('accounts.school_id', '=', schoolId)
    .where('account_owners.staff_id', '=', staffId)
    .where('accounts.status', 'not in', ['retired', 'rejected'])
    .orderBy('accounts.platform')
    .orderBy('accounts.handle')
    .execute();
  if (rows.length === 0) return [];
  const others = await db
    .selectFrom('account_owners')
    .innerJoin('staff', 'staff.id', 'account_owners.staff_id')
    .select(['account_owners.account_id', 'staff.given_name', 'staff.family_name'])
    .where(
      'account_owners.account_id',
      'in',
      rows.map((r) => r.id),
    )
    .where('account_owners.staff_id', '!=', staffId)
    .execute();
  return rows.map((r) => ({
    ...r,
    other_owners: others.filter((o) => o.account_id === r.id).map((o) => `${o.given_name} ${o.family_name}`),
  }));
}

/** Posts waiting for approval that the leaver wrote or that go out on one of their accounts. */
export async function postsAwaitingApprovalOf(db: DbExecutor, schoolId: string, staffId: string) {
  return db
    .selectFrom('posts')
    .innerJoin('accounts', 'accounts.id', 'posts.account_id')
    .select(['posts.id', 'posts.author_staff_id', 'posts.updated_at', 'accounts.platform', 'accounts.handle'])
    .where('posts.school_id', '=', schoolId)
    .where('posts.status', '=', 'awaiting_approval')
    .where((eb) =>
      eb.or([
        eb('posts.author_staff_id', '=', staffId),
        eb(
          'posts.account_id',
          'in',
          eb.selectFrom('account_owners').select('account_id').where('account_owners.staff_id', '=', staffId),
        ),
      ]),
    )
    .orderBy('posts.updated_at')
    .execute();
}

/** Contact exceptions the leaver holds (open) or, as headteacher, approved for others and still in force. */
export async function contactExceptionsOfLeaver(db: DbExecutor, schoolId: string, staffId: string) {
  return db
    .selectFrom('contact_exceptions')
    .innerJoin('staff', 'staff.id', 'contact_exceptions.staff_id')
    .select([
      'contact_exceptions.id',
      'contact_exceptions.staff_id',
      'contact_exceptions.channel',
      'contact_exceptions.status',
      'contact_exceptions.audience',
      'contact_exceptions.from_on',
      'contact_exceptions.to_on',
      'contact_exceptions.decided_by_staff_id',
      'staff.given_name',
      'staff.family_name',
    ])
    .where('contact_exceptions.school_id', '=', schoolId)
    .where((eb) =>
      eb.or([
        eb.and([
          eb('contact_exceptions.staff_id', '=', staffId),
          eb('contact_exceptions.status', 'in', ['pending', 'approved']),
        ]),
        eb.and([
          eb('contact_exceptions.decided_by_staff_id', '=', staffId),
          eb('contact_exceptions.status', '=', 'approved'),
        ]),
      ]),
    )
    .orderBy('contact_exceptions.to_on')
    .execute();
}

export async function findStaffHandover(db: DbExecutor, schoolId: string, id: string, forUpdate = false) {
  let query = db
    .selectFrom('staff_handovers')
    .innerJoin('staff', 'staff.id', 'staff_handovers.staff_id')
    .selectAll('staff_handovers')
    .select(['staff.given_name', 'staff.family_name'])
    .where('staff_handovers.school_id', '=', schoolId)
    .where('staff_handovers.id', '=', id);
  if (forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}
