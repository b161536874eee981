import type { Db } from '../platform/db/database.js';
import type { ReportWindow } from './report.repository.js';

/**
 * The records an inspector asks for, read for the evidence pack. Staff are named (they are named in these
 * records already); pupils only as counts: no query here selects a pupil's or carer's name.
 */

export async function readPolicyHistory(db: Db, w: ReportWindow) {
  const versions = await db
    .selectFrom('policy_versions')
    .select([
      'id',
      'label',
      'title',
      'source',
      'effective_from',
      'next_review_due',
      'is_current',
      'document_hash',
      'document_text',
      'created_at',
    ])
    .where('school_id', '=', w.schoolId)
    .where('created_at', '<', w.end)
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .execute();
  const reviews = await db
    .selectFrom('policy_reviews')
    .select(['policy_version_id', 'kind', 'reviewed_on', 'note'])
    .where('school_id', '=', w.schoolId)
    .where('created_at', '<', w.end)
    .orderBy('reviewed_on', 'asc')
    .execute();
  return { versions, reviews };
}

export async function readAcknowledgementRecords(db: Db, w: ReportWindow) {
  return db
    .selectFrom('policy_acknowledgements')
    .innerJoin('staff', 'staff.id', 'policy_acknowledgements.staff_id')
    .innerJoin('policy_versions', 'policy_versions.id', 'policy_acknowledgements.policy_version_id')
    .select([
      'staff.given_name',
      'staff.family_name',
      'staff.email',
      'policy_versions.label',
      'policy_acknowledgements.document_hash',
      'policy_acknowledgements.acknowledged_at',
    ])
    .where('policy_acknowledgements.school_id', '=', w.schoolId)
    .where('policy_acknowledgements.acknowledged_at', '<', w.end)
    .orderBy('policy_acknowledgements.acknowledged_at', 'asc')
    .orderBy('staff.family_name', 'asc')
    .execute();
}

export async function readAccountsRegister(db: Db, w: ReportWindow) {
  return db
    .selectFrom('accounts')
    .leftJoin('staff as creator', 'creator.id', 'accounts.created_by_staff_id')
    .leftJoin('staff as approver', 'approver.id', 'accounts.approved_by_staff_id')
    .select([
      'accounts.id',
      'accounts.platform',
      'accounts.handle',
      'accounts.profile_url',
      'accounts.purpose',
      'accounts.status',
      'accounts.created_at',
      'accounts.approved_at',
      'accounts.approval_expires_on',
      'accounts.aup_status',
      'accounts.aup_checked_at',
      'creator.given_name as creator_given',
      'creator.family_name as creator_family',
      'approver.given_name as approver_given',
      'approver.family_name as approver_family',
    ])
    .where('accounts.school_id', '=', w.schoolId)
    .where('accounts.created_at', '<', w.end)
    .orderBy('accounts.created_at', 'asc')
    .orderBy('accounts.id', 'asc')
    .execute();
}

export async function readAccountApprovals(db: Db, w: ReportWindow) {
  return db
    .selectFrom('account_transitions')
    .innerJoin('accounts', 'accounts.id', 'account_transitions.account_id')
    .select([
      'account_transitions.account_id',
      'accounts.platform',
      'accounts.handle',
      'account_transitions.from_status',
      'account_transitions.to_status',
      'account_transitions.actor_label',
      'account_transitions.reason',
      'account_transitions.at',
    ])
    .where('accounts.school_id', '=', w.schoolId)
    .where('account_transitions.at', '>=', w.start)
    .where('account_transitions.at', '<', w.end)
    .orderBy('account_transitions.at', 'asc')
    .orderBy('account_transitions.id', 'asc')
    .execute();
}

/** The archive index: what was published, where, by whom, approved by whom; tagged pupils as a count. */
export async function readArchiveIndex(db: Db, w: ReportWindow) {
  return db
    .selectFrom('post_archive')
    .innerJoin('accounts', 'accounts.id', 'post_archive.account_id')
    .leftJoin('staff as author', 'author.id', 'post_archive.author_staff_id')
    .leftJoin('staff as publisher', 'publisher.id', 'post_archive.published_by_staff_id')
    .select([
      'post_archive.id',
      'post_archive.published_at',
      'post_archive.published_url',
      'accounts.platform',
      'accounts.handle',
      'author.given_name as author_given',
      'author.family_name as author_family',
      'publisher.given_name as publisher_given',
      'publisher.family_name as publisher_family',
      'post_archive.verdict',
      'post_archive.rule_ids',
      'post_archive.tagged_pupil_ids',
      'post_archive.no_identifiable_pupils',
      'post_archive.approvals',
    ])
    .where('post_archive.school_id', '=', w.schoolId)
    .where('post_archive.published_at', '>=', w.start)
    .where('post_archive.published_at', '<', w.end)
    .orderBy('post_archive.published_at', 'asc')
    .orderBy('post_archive.id', 'asc')
    .execute();
}

/** Pupils on the roll on the last day, by year group: ids only, to count. */
export async function readPupilsOnRoll(db: Db, w: ReportWindow, to: string) {
  return db
    .selectFrom('pupils')
    .select(['id', 'year_group'])
    .where('school_id', '=', w.schoolId)
    .where('created_at', '<', w.end)
    .where((eb) => eb.or([eb('left_on', 'is', null), eb('left_on', '>', to)]))
    .execute();
}

/** Consent decisions recorded by the end of the range, in the order they were recorded. */
export async function readConsentDecisions(db: Db, w: ReportWindow, to: string) {
  return db
    .selectFrom('consents')
    .select(['pupil_id', 'purpose', 'state', 'expires_on'])
    .where('school_id', '=', w.schoolId)
    .where('recorded_at', '<', w.end)
    .where('given_on', '<=', to)
    .orderBy('seq', 'asc')
    .execute();
}
