import { sql } from 'kysely';
import type { TrustRole } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';
import type { TrustMembershipRow, TrustPolicyTemplateRow, TrustRow } from './trusts.table.js';

export async function insertTrust(db: DbExecutor, name: string): Promise<TrustRow> {
  return db.insertInto('trusts').values({ name }).returningAll().executeTakeFirstOrThrow();
}

export async function findTrustById(db: DbExecutor, id: string): Promise<TrustRow | undefined> {
  return db.selectFrom('trusts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findTrustByName(db: DbExecutor, name: string): Promise<TrustRow | undefined> {
  return db.selectFrom('trusts').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function listTrustRows(db: DbExecutor): Promise<TrustRow[]> {
  return db.selectFrom('trusts').selectAll().orderBy('name').execute();
}

export async function insertTrustSchool(db: DbExecutor, trustId: string, schoolId: string): Promise<void> {
  await db.insertInto('trust_schools').values({ trust_id: trustId, school_id: schoolId }).execute();
}

/** The trust a school belongs to, if any. */
export async function findTrustIdOfSchool(db: DbExecutor, schoolId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('trust_schools')
    .select('trust_id')
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
  return row?.trust_id;
}

/** The ids of a trust's schools, in the order they joined. */
export async function listTrustSchoolIds(db: DbExecutor, trustId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('trust_schools')
    .select('school_id')
    .where('trust_id', '=', trustId)
    .orderBy('joined_at')
    .orderBy('school_id')
    .execute();
  return rows.map((r) => r.school_id);
}

export async function findActiveTrustMembership(
  db: DbExecutor,
  trustId: string,
  staffId: string,
): Promise<TrustMembershipRow | undefined> {
  return db
    .selectFrom('trust_memberships')
    .selectAll()
    .where('trust_id', '=', trustId)
    .where('staff_id', '=', staffId)
    .where('status', '=', 'active')
    .executeTakeFirst();
}

export async function upsertTrustMembership(
  db: DbExecutor,
  input: { trustId: string; staffId: string; roles: TrustRole[] },
): Promise<void> {
  await db
    .insertInto('trust_memberships')
    .values({ trust_id: input.trustId, staff_id: input.staffId, roles: input.roles })
    .onConflict((oc) =>
      oc.columns(['trust_id', 'staff_id']).doUpdateSet({ roles: input.roles, status: 'active' }),
    )
    .execute();
}

export async function insertTemplate(
  db: DbExecutor,
  row: {
    trust_id: string;
    label: string;
    format: 'text' | 'markdown';
    document_text: string;
    document_hash: string;
    published_by_staff_id: string | null;
  },
): Promise<TrustPolicyTemplateRow> {
  return db.insertInto('trust_policy_templates').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findTemplateById(
  db: DbExecutor,
  id: string,
): Promise<TrustPolicyTemplateRow | undefined> {
  return db.selectFrom('trust_policy_templates').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findTemplateByLabel(db: DbExecutor, trustId: string, label: string) {
  return db
    .selectFrom('trust_policy_templates')
    .select('id')
    .where('trust_id', '=', trustId)
    .where('label', '=', label)
    .executeTakeFirst();
}

/** A trust's template versions, newest first (without their text). */
export async function listTemplates(db: DbExecutor, trustId: string) {
  return db
    .selectFrom('trust_policy_templates')
    .select(['id', 'label', 'format', 'document_hash', 'created_at'])
    .where('trust_id', '=', trustId)
    .orderBy('created_at', 'desc')
    .orderBy('label', 'desc')
    .execute();
}

/** A trust's template versions with their text, newest first, for its schools to adopt. */
export async function listTemplatesWithText(db: DbExecutor, trustId: string) {
  return db
    .selectFrom('trust_policy_templates')
    .select(['id', 'label', 'format', 'document_text', 'created_at'])
    .where('trust_id', '=', trustId)
    .orderBy('created_at', 'desc')
    .orderBy('label', 'desc')
    .execute();
}

export async function insertAdoption(
  db: DbExecutor,
  row: {
    template_id: string;
    school_id: string;
    policy_version_id: string;
    adapted: boolean;
    adopted_by_staff_id: string | null;
    adopted_at: Date;
  },
): Promise<void> {
  await db.insertInto('trust_template_adoptions').values(row).execute();
}

export async function findAdoption(db: DbExecutor, templateId: string, schoolId: string) {
  return db
    .selectFrom('trust_template_adoptions')
    .select('id')
    .where('template_id', '=', templateId)
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
}

/** Every adoption of a trust's templates, oldest first. */
export async function listAdoptions(db: DbExecutor, trustId: string) {
  return db
    .selectFrom('trust_template_adoptions')
    .innerJoin('trust_policy_templates', 'trust_policy_templates.id', 'trust_template_adoptions.template_id')
    .select([
      'trust_template_adoptions.template_id as templateId',
      'trust_template_adoptions.school_id as schoolId',
      'trust_template_adoptions.policy_version_id as policyVersionId',
      'trust_template_adoptions.adapted as adapted',
      'trust_template_adoptions.adopted_at as adoptedAt',
      'trust_policy_templates.label as label',
    ])
    .where('trust_policy_templates.trust_id', '=', trustId)
    .orderBy('trust_template_adoptions.adopted_at')
    .execute();
}

/** Whether anyone but this person holds trust_admin in the trust now (a trust keeps one at least). */
export async function hasOtherActiveTrustAdmin(
  db: DbExecutor,
  trustId: string,
  staffId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('trust_memberships')
    .select('id')
    .where('trust_id', '=', trustId)
    .where('staff_id', '!=', staffId)
    .where('status', '=', 'active')
    .where(sql<boolean>`'trust_admin' = any(roles)`)
    .executeTakeFirst();
  return row !== undefined;
}

/** The roles a person holds in the trust after a revocation; with none left, they have left the trust. */
export async function setTrustMembershipRoles(
  db: DbExecutor,
  membershipId: string,
  roles: TrustRole[],
): Promise<void> {
  await db
    .updateTable('trust_memberships')
    .set(roles.length > 0 ? { roles } : { roles, status: 'left' })
    .where('id', '=', membershipId)
    .execute();
}

/** The people holding roles in a trust now, by family then given name. */
export async function listTrustPeopleRows(db: DbExecutor, trustId: string) {
  return db
    .selectFrom('trust_memberships')
    .innerJoin('staff', 'staff.id', 'trust_memberships.staff_id')
    .select([
      'staff.id as staffId',
      'staff.email as email',
      'staff.given_name as givenName',
      'staff.family_name as familyName',
      'trust_memberships.roles as roles',
      'trust_memberships.created_at as since',
    ])
    .where('trust_memberships.trust_id', '=', trustId)
    .where('trust_memberships.status', '=', 'active')
    .orderBy('staff.family_name')
    .orderBy('staff.given_name')
    .orderBy('staff.id')
    .execute();
}

/** A trust's schools with when each joined, in the order they joined. */
export async function listTrustSchoolRows(db: DbExecutor, trustId: string) {
  return db
    .selectFrom('trust_schools')
    .innerJoin('schools', 'schools.id', 'trust_schools.school_id')
    .select([
      'schools.id as id',
      'schools.name as name',
      'schools.urn as urn',
      'schools.official_email_domains as officialEmailDomains',
      'trust_schools.joined_at as joinedAt',
    ])
    .where('trust_schools.trust_id', '=', trustId)
    .orderBy('trust_schools.joined_at')
    .orderBy('schools.id')
    .execute();
}
