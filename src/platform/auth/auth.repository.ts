import { sql } from 'kysely';
import type { DbExecutor } from '../db/database.js';
import { isTrustRole, type Role, type TrustRole } from './roles.js';
import { forgetSession } from './sessions.js';

export interface StaffForSignIn {
  staffId: string;
  email: string;
  givenName: string;
  familyName: string;
  passwordHash: string | null;
  totpSecret: string | null;
  totpLastStep: number | null;
}

export async function findStaffForSignIn(db: DbExecutor, email: string): Promise<StaffForSignIn | undefined> {
  const row = await db
    .selectFrom('staff')
    .leftJoin('staff_credentials', 'staff_credentials.staff_id', 'staff.id')
    .select([
      'staff.id as staffId',
      'staff.email as email',
      'staff.given_name as givenName',
      'staff.family_name as familyName',
      'staff_credentials.password_hash as passwordHash',
      'staff_credentials.totp_secret as totpSecret',
      'staff_credentials.totp_last_step as totpLastStep',
    ])
    .where('staff.email', '=', email)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    ...row,
    passwordHash: row.passwordHash ?? null,
    totpSecret: row.totpSecret ?? null,
    totpLastStep:
      row.totpLastStep === null || row.totpLastStep === undefined ? null : Number(row.totpLastStep),
  };
}

export async function findStaffById(db: DbExecutor, staffId: string): Promise<StaffForSignIn | undefined> {
  const row = await db.selectFrom('staff').select('email').where('id', '=', staffId).executeTakeFirst();
  return row ? findStaffForSignIn(db, row.email) : undefined;
}

export interface MembershipView {
  schoolId: string;
  schoolName: string;
  roles: Role[];
  requireTotpForAll: boolean;
  oidcEnforcesMfa: boolean;
}

/** The schools a person works in now, oldest membership first (the default school at sign-in). */
export async function listActiveMemberships(db: DbExecutor, staffId: string): Promise<MembershipView[]> {
  const rows = await db
    .selectFrom('staff_memberships')
    .innerJoin('schools', 'schools.id', 'staff_memberships.school_id')
    .leftJoin('school_auth_settings', 'school_auth_settings.school_id', 'staff_memberships.school_id')
    .select([
      'schools.id as schoolId',
      'schools.name as schoolName',
      'staff_memberships.roles as roles',
      'school_auth_settings.require_totp_for_all as requireTotpForAll',
      'school_auth_settings.oidc_enforces_mfa as oidcEnforcesMfa',
    ])
    .where('staff_memberships.staff_id', '=', staffId)
    .where('staff_memberships.status', '=', 'active')
    .orderBy('staff_memberships.created_at')
    .orderBy('schools.name')
    .execute();
  return rows.map((r) => ({
    schoolId: r.schoolId,
    schoolName: r.schoolName,
    roles: r.roles,
    requireTotpForAll: r.requireTotpForAll ?? false,
    oidcEnforcesMfa: r.oidcEnforcesMfa ?? false,
  }));
}

/** Creates the credentials row when missing, then applies the change. */
export interface TrustMembershipView {
  trustId: string;
  trustName: string;
  roles: TrustRole[];
  /** The trust's schools, in the order they joined: a person with trust roles only works in the first. */
  schools: { id: string; name: string }[];
}

/**
 * The trusts a person holds roles in now (trust roles are held per trust, not per school; the trusts domain
 * owns the tables). A person with trust roles and no school role still signs in, in the trust's first school,
 * with no school role there.
 */
export async function listActiveTrustMemberships(
  db: DbExecutor,
  staffId: string,
): Promise<TrustMembershipView[]> {
  const rows = await db
    .selectFrom('trust_memberships')
    .innerJoin('trusts', 'trusts.id', 'trust_memberships.trust_id')
    .select(['trusts.id as trustId', 'trusts.name as trustName', 'trust_memberships.roles as roles'])
    .where('trust_memberships.staff_id', '=', staffId)
    .where('trust_memberships.status', '=', 'active')
    .orderBy('trusts.name')
    .execute();
  const result: TrustMembershipView[] = [];
  for (const row of rows) {
    const roles = row.roles.filter((r): r is TrustRole => isTrustRole(r));
    if (roles.length === 0) continue;
    const schools = await db
      .selectFrom('trust_schools')
      .innerJoin('schools', 'schools.id', 'trust_schools.school_id')
      .select(['schools.id as id', 'schools.name as name'])
      .where('trust_schools.trust_id', '=', row.trustId)
      .orderBy('trust_schools.joined_at')
      .orderBy('schools.id')
      .execute();
    result.push({ trustId: row.trustId, trustName: row.trustName, roles, schools });
  }
  return result;
}

export async function upsertCredentials(
  db: DbExecutor,
  staffId: string,
  values: {
    password_hash?: string;
    password_changed_at?: Date;
    totp_secret?: string | null;
    totp_confirmed_at?: Date | null;
    totp_pending_secret?: string | null;
    totp_last_step?: number | null;
  },
): Promise<void> {
  await db
    .insertInto('staff_credentials')
    .values({
      staff_id: staffId,
      password_hash: values.password_hash ?? null,
      totp_secret: values.totp_secret ?? null,
      totp_confirmed_at: values.totp_confirmed_at ?? null,
      totp_pending_secret: values.totp_pending_secret ?? null,
      totp_last_step: values.totp_last_step ?? null,
      password_changed_at: values.password_changed_at ?? null,
    })
    .onConflict((oc) => oc.column('staff_id').doUpdateSet({ ...values, updated_at: sql`now()` }))
    .execute();
}

export async function findPendingTotpSecret(db: DbExecutor, staffId: string): Promise<string | null> {
  const row = await db
    .selectFrom('staff_credentials')
    .select('totp_pending_secret')
    .where('staff_id', '=', staffId)
    .executeTakeFirst();
  return row?.totp_pending_secret ?? null;
}

/** Marks the code used and says whether it was there to use: two racing requests cannot both win. */
export async function consumeRecoveryCode(
  db: DbExecutor,
  staffId: string,
  codeHash: string,
  at: Date,
): Promise<boolean> {
  const used = await db
    .updateTable('staff_recovery_codes')
    .set({ used_at: at })
    .where('staff_id', '=', staffId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return used !== undefined;
}

export async function replaceRecoveryCodes(db: DbExecutor, staffId: string, hashes: string[]): Promise<void> {
  await db.deleteFrom('staff_recovery_codes').where('staff_id', '=', staffId).execute();
  await db
    .insertInto('staff_recovery_codes')
    .values(hashes.map((code_hash) => ({ staff_id: staffId, code_hash, used_at: null })))
    .execute();
}

export async function markSessionSecondFactor(db: DbExecutor, sessionId: string): Promise<void> {
  await db.updateTable('sessions').set({ second_factor_passed: true }).where('id', '=', sessionId).execute();
  // After the write, so a request racing with this one cannot put the old state back in the cache.
  forgetSession(sessionId);
}

export async function setSessionSchool(db: DbExecutor, sessionId: string, schoolId: string): Promise<void> {
  await db.updateTable('sessions').set({ school_id: schoolId }).where('id', '=', sessionId).execute();
  forgetSession(sessionId);
}

export async function findSchoolAuthSettings(db: DbExecutor, schoolId: string) {
  return db
    .selectFrom('school_auth_settings')
    .selectAll()
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
}
