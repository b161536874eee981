import { sql } from 'kysely';
import { staffWithMembership } from '../people/people.queries.js';
import type { DbExecutor } from '../platform/db/database.js';
import type {
  AccountAupCheckRow,
  AccountRow,
  AccountStatus,
  AccountUpdate,
  AupResult,
  NewAccountRow,
  PersonalHandleRow,
} from './accounts.table.js';

export async function insertAccount(db: DbExecutor, row: NewAccountRow): Promise<AccountRow> {
  return db.insertInto('accounts').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateAccountRow(
  db: DbExecutor,
  id: string,
  changes: AccountUpdate,
): Promise<AccountRow> {
  return db
    .updateTable('accounts')
    .set({ ...changes, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The account, locked for the rest of the transaction so two decisions cannot race. */
export async function findAccountForUpdate(db: DbExecutor, schoolId: string, id: string) {
  return db
    .selectFrom('accounts')
    .selectAll()
    .where('id', '=', id)
    .where('school_id', '=', schoolId)
    .forUpdate()
    .executeTakeFirst();
}

export async function findAccount(db: DbExecutor, schoolId: string | undefined, id: string) {
  let query = db.selectFrom('accounts').selectAll().where('id', '=', id);
  if (schoolId) query = query.where('school_id', '=', schoolId);
  return query.executeTakeFirst();
}

export async function findLiveAccountByIdentity(
  db: DbExecutor,
  schoolId: string,
  identityKey: string,
  exceptId?: string,
) {
  let query = db
    .selectFrom('accounts')
    .select(['id', 'status'])
    .where('school_id', '=', schoolId)
    .where('identity_key', '=', identityKey)
    .where('status', 'not in', ['rejected', 'retired']);
  if (exceptId) query = query.where('id', '!=', exceptId);
  return query.executeTakeFirst();
}

export interface AccountFilters {
  status?: AccountStatus | undefined;
  platform?: string | undefined;
  ownerStaffId?: string | undefined;
}

export async function listAccountRows(db: DbExecutor, schoolId: string, filters: AccountFilters = {}) {
  let query = db.selectFrom('accounts').selectAll().where('school_id', '=', schoolId);
  if (filters.status) query = query.where('status', '=', filters.status);
  if (filters.platform) query = query.where('platform', '=', filters.platform);
  if (filters.ownerStaffId) {
    const owner = filters.ownerStaffId;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('account_owners')
          .select('account_owners.account_id')
          .whereRef('account_owners.account_id', '=', 'accounts.id')
          .where('account_owners.staff_id', '=', owner),
      ),
    );
  }
  return query.orderBy('created_at', 'desc').orderBy('id').execute();
}

/** Approved accounts matching any of these identities, for public verification. */
export async function findApprovedByIdentities(db: DbExecutor, schoolId: string, keys: readonly string[]) {
  if (keys.length === 0) return [];
  const accounts = await db
    .selectFrom('accounts')
    .select(['id', 'platform', 'handle', 'profile_url', 'purpose', 'approved_at'])
    .where('school_id', '=', schoolId)
    .where('status', '=', 'approved')
    .where('identity_key', 'in', [...keys])
    .orderBy('approved_at')
    .execute();
  if (accounts.length === 0) return [];
  // The owner's roles, for the public page's "run by a member of staff" (never their name).
  const primaries = await db
    .selectFrom('account_owners')
    .select(['account_id', 'staff_id'])
    .where(
      'account_id',
      'in',
      accounts.map((a) => a.id),
    )
    .where('is_primary', '=', true)
    .execute();
  const rolesOf = new Map(
    (
      await staffWithMembership(
        db,
        schoolId,
        primaries.map((p) => p.staff_id),
      )
    ).map((p) => [p.id, p.roles]),
  );
  const primaryOf = new Map(primaries.map((p) => [p.account_id, p.staff_id]));
  return accounts.map((a) => {
    const owner = primaryOf.get(a.id);
    return { ...a, owner_roles: owner === undefined ? null : (rolesOf.get(owner) ?? null) };
  });
}

export async function replaceOwners(
  db: DbExecutor,
  accountId: string,
  primaryStaffId: string,
  coOwnerIds: readonly string[],
): Promise<void> {
  await db.deleteFrom('account_owners').where('account_id', '=', accountId).execute();
  const rows = [
    { account_id: accountId, staff_id: primaryStaffId, is_primary: true },
    ...[...new Set(coOwnerIds)]
      .filter((id) => id !== primaryStaffId)
      .map((staff_id) => ({ account_id: accountId, staff_id, is_primary: false })),
  ];
  await db.insertInto('account_owners').values(rows).execute();
}

export interface OwnerRow {
  accountId: string;
  staffId: string;
  isPrimary: boolean;
  name: string;
  managerStaffId: string | null;
}

/** Owners of these accounts with their names and line managers in the school. */
export async function ownersOf(
  db: DbExecutor,
  schoolId: string,
  accountIds: readonly string[],
): Promise<OwnerRow[]> {
  if (accountIds.length === 0) return [];
  const owners = await db
    .selectFrom('account_owners')
    .select(['account_id', 'staff_id', 'is_primary'])
    .where('account_id', 'in', [...accountIds])
    .execute();
  const people = new Map(
    (await staffWithMembership(db, schoolId, [...new Set(owners.map((o) => o.staff_id))])).map((p) => [
      p.id,
      p,
    ]),
  );
  const byName = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return owners
    .flatMap((o) => {
      const person = people.get(o.staff_id);
      return person ? [{ ...o, person }] : [];
    })
    .sort(
      (x, y) =>
        Number(y.is_primary) - Number(x.is_primary) || byName(x.person.family_name, y.person.family_name),
    )
    .map((r) => ({
      accountId: r.account_id,
      staffId: r.staff_id,
      isPrimary: r.is_primary,
      name: `${r.person.given_name} ${r.person.family_name}`,
      managerStaffId: r.person.manager_staff_id,
    }));
}

export async function insertTransition(
  db: DbExecutor,
  row: {
    accountId: string;
    from: AccountStatus;
    to: AccountStatus;
    actorStaffId: string | null;
    actorLabel: string;
    reason: string | null;
    at: Date;
  },
): Promise<void> {
  await db
    .insertInto('account_transitions')
    .values({
      account_id: row.accountId,
      from_status: row.from,
      to_status: row.to,
      actor_staff_id: row.actorStaffId,
      actor_label: row.actorLabel,
      reason: row.reason,
      at: row.at,
    })
    .execute();
}

export async function transitionsOf(db: DbExecutor, accountId: string) {
  return db
    .selectFrom('account_transitions')
    .leftJoin('staff', 'staff.id', 'account_transitions.actor_staff_id')
    .select([
      'account_transitions.from_status',
      'account_transitions.to_status',
      'account_transitions.reason',
      'account_transitions.at',
      'account_transitions.actor_label',
      'staff.given_name',
      'staff.family_name',
    ])
    .where('account_transitions.account_id', '=', accountId)
    .orderBy('account_transitions.at')
    .execute();
}

export async function insertAupCheck(db: DbExecutor, row: Omit<AccountAupCheckRow, 'id'>): Promise<void> {
  await db.insertInto('account_aup_checks').values(row).execute();
}

export async function aupChecksOf(db: DbExecutor, accountId: string, limit = 50) {
  return db
    .selectFrom('account_aup_checks')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('checked_at', 'desc')
    .limit(limit)
    .execute();
}

/** Accounts the weekly AUP re-check looks at: approved ones, every school. */
export async function approvedAccountIds(db: DbExecutor, schoolId?: string) {
  let query = db.selectFrom('accounts').select(['id', 'school_id']).where('status', '=', 'approved');
  if (schoolId) query = query.where('school_id', '=', schoolId);
  return query.orderBy('id').execute();
}

/** Approved accounts whose approval ends on or before `until`. */
export async function approvalsEndingBy(db: DbExecutor, until: string) {
  return db
    .selectFrom('accounts')
    .selectAll()
    .where('status', '=', 'approved')
    .where('approval_expires_on', '<=', until)
    .orderBy('approval_expires_on')
    .execute();
}

export async function personalHandlesOf(db: DbExecutor, schoolId: string, staffId: string) {
  return db
    .selectFrom('personal_handles')
    .selectAll()
    .where('school_id', '=', schoolId)
    .where('staff_id', '=', staffId)
    .orderBy('created_at')
    .execute();
}

export async function insertPersonalHandle(
  db: DbExecutor,
  row: { schoolId: string; staffId: string; platform: string; value: string; identityKey: string },
): Promise<PersonalHandleRow | undefined> {
  return db
    .insertInto('personal_handles')
    .values({
      school_id: row.schoolId,
      staff_id: row.staffId,
      platform: row.platform,
      value: row.value,
      identity_key: row.identityKey,
    })
    .onConflict((oc) => oc.constraint('personal_handles_unique').doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function deletePersonalHandle(db: DbExecutor, schoolId: string, staffId: string, id: string) {
  return db
    .deleteFrom('personal_handles')
    .where('id', '=', id)
    .where('school_id', '=', schoolId)
    .where('staff_id', '=', staffId)
    .returning(['id', 'platform'])
    .executeTakeFirst();
}

/** Whether anyone in the school declared this identity as a personal account. */
export async function isDeclaredPersonal(
  db: DbExecutor,
  schoolId: string,
  identityKey: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('personal_handles')
    .select('id')
    .where('school_id', '=', schoolId)
    .where('identity_key', '=', identityKey)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function findRegisterSettings(db: DbExecutor, schoolId: string) {
  return db
    .selectFrom('account_register_settings')
    .select(['approval_months', 'reminder_days'])
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
}

export async function upsertRegisterSettings(
  db: DbExecutor,
  schoolId: string,
  values: { approval_months: number; reminder_days: number },
): Promise<void> {
  await db
    .insertInto('account_register_settings')
    .values({ school_id: schoolId, ...values })
    .onConflict((oc) => oc.column('school_id').doUpdateSet({ ...values, updated_at: sql<Date>`now()` }))
    .execute();
}

export async function setAupStatus(db: DbExecutor, id: string, status: AupResult, at: Date): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ aup_status: status, aup_checked_at: at })
    .where('id', '=', id)
    .execute();
}
