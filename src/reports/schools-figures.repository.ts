import type { Db } from '../platform/db/database.js';

/**
 * The report's reads for many schools at once (the trust's comparison of its schools): one query per
 * figure across the schools, each row carrying its school. Facts without names, as in report.repository.ts.
 */
export interface SchoolsWindow {
  schoolIds: readonly string[];
  start: Date;
  end: Date;
}

/** Each school's latest policy version recorded by the end of the range (the one in force on its last day). */
export async function readCurrentPolicyVersions(db: Db, w: SchoolsWindow) {
  return db
    .selectFrom('policy_versions')
    .distinctOn('school_id')
    .select(['school_id', 'label', 'next_review_due', 'document_hash'])
    .where('school_id', 'in', w.schoolIds)
    .where('created_at', '<', w.end)
    .orderBy('school_id')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function readSchoolsMemberships(db: Db, w: SchoolsWindow) {
  return db
    .selectFrom('staff_memberships')
    .select(['school_id', 'staff_id', 'roles', 'status', 'updated_at'])
    .where('school_id', 'in', w.schoolIds)
    .where('created_at', '<', w.end)
    .execute();
}

/** Who had acknowledged one of these texts by the end of the range, in which school. */
export async function readSchoolsAcknowledgers(db: Db, w: SchoolsWindow, documentHashes: readonly string[]) {
  if (documentHashes.length === 0) return [];
  return db
    .selectFrom('policy_acknowledgements')
    .select(['school_id', 'staff_id', 'document_hash'])
    .distinct()
    .where('school_id', 'in', w.schoolIds)
    .where('document_hash', 'in', documentHashes)
    .where('acknowledged_at', '<', w.end)
    .execute();
}

export async function readSchoolsAccounts(db: Db, w: SchoolsWindow) {
  return db
    .selectFrom('accounts')
    .select(['id', 'school_id', 'approval_expires_on'])
    .where('school_id', 'in', w.schoolIds)
    .where('created_at', '<', w.end)
    .execute();
}

export async function readSchoolsAccountTransitions(db: Db, w: SchoolsWindow) {
  return db
    .selectFrom('account_transitions')
    .innerJoin('accounts', 'accounts.id', 'account_transitions.account_id')
    .select(['account_transitions.account_id', 'account_transitions.to_status'])
    .where('accounts.school_id', 'in', w.schoolIds)
    .where('account_transitions.at', '<', w.end)
    .orderBy('account_transitions.at', 'asc')
    .orderBy('account_transitions.id', 'asc')
    .execute();
}

/** Posts drafted in the range and those of them blocked, counted per school. */
export async function countSchoolsPosts(db: Db, w: SchoolsWindow) {
  const rows = await db
    .selectFrom('posts')
    .select((eb) => [
      'school_id',
      eb.fn.countAll<string>().as('checked'),
      eb.fn.countAll<string>().filterWhere('verdict', '=', 'block').as('blocked'),
    ])
    .where('school_id', 'in', w.schoolIds)
    .where('created_at', '>=', w.start)
    .where('created_at', '<', w.end)
    .groupBy('school_id')
    .execute();
  return rows.map((r) => ({
    school_id: r.school_id,
    checked: Number(r.checked),
    blocked: Number(r.blocked),
  }));
}
