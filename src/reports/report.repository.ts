import type { Db } from '../platform/db/database.js';

/**
 * Read-only queries of other domains' tables for the reports. Each returns facts without names: ids are
 * used only to count distinct things and never leave this domain. Nothing here writes.
 */

/** The instants a report's range covers: from the start of `from` to the start of the day after `to`. */
export interface ReportWindow {
  schoolId: string;
  start: Date;
  end: Date;
}

export async function readPolicyVersions(db: Db, w: ReportWindow) {
  return db
    .selectFrom('policy_versions')
    .select(['id', 'label', 'effective_from', 'next_review_due', 'document_hash', 'created_at', 'source'])
    .where('school_id', '=', w.schoolId)
    .where('created_at', '<', w.end)
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .execute();
}

export async function readPolicyReviews(db: Db, w: ReportWindow) {
  return db
    .selectFrom('policy_reviews')
    .select(['policy_version_id', 'kind', 'reviewed_on'])
    .where('school_id', '=', w.schoolId)
    .where('created_at', '<', w.end)
    .orderBy('reviewed_on', 'asc')
    .execute();
}

/** Memberships that existed by the end of the range (a leaver counts while their record was unchanged). */
export async function readMemberships(db: Db, w: ReportWindow) {
  return db
    .selectFrom('staff_memberships')
    .select(['staff_id', 'roles', 'status', 'created_at', 'updated_at'])
    .where('school_id', '=', w.schoolId)
    .where('created_at', '<', w.end)
    .execute();
}

export async function readAcknowledgements(db: Db, w: ReportWindow, documentHash: string) {
  return db
    .selectFrom('policy_acknowledgements')
    .select(['staff_id'])
    .where('school_id', '=', w.schoolId)
    .where('document_hash', '=', documentHash)
    .where('acknowledged_at', '<', w.end)
    .execute();
}

export async function readAccounts(db: Db, w: ReportWindow) {
  return db
    .selectFrom('accounts')
    .select(['id', 'created_at', 'approval_expires_on'])
    .where('school_id', '=', w.schoolId)
    .where('created_at', '<', w.end)
    .execute();
}

export async function readAccountTransitions(db: Db, w: ReportWindow) {
  return db
    .selectFrom('account_transitions')
    .innerJoin('accounts', 'accounts.id', 'account_transitions.account_id')
    .select(['account_transitions.account_id', 'account_transitions.to_status', 'account_transitions.at'])
    .where('accounts.school_id', '=', w.schoolId)
    .where('account_transitions.at', '<', w.end)
    .orderBy('account_transitions.at', 'asc')
    .orderBy('account_transitions.id', 'asc')
    .execute();
}

export async function readAupChecks(db: Db, w: ReportWindow) {
  return db
    .selectFrom('account_aup_checks')
    .innerJoin('accounts', 'accounts.id', 'account_aup_checks.account_id')
    .select(['account_aup_checks.account_id', 'account_aup_checks.result', 'account_aup_checks.checked_at'])
    .where('accounts.school_id', '=', w.schoolId)
    .where('account_aup_checks.checked_at', '<', w.end)
    .orderBy('account_aup_checks.checked_at', 'asc')
    .orderBy('account_aup_checks.id', 'asc')
    .execute();
}

export async function readPostsCreated(db: Db, w: ReportWindow) {
  return db
    .selectFrom('posts')
    .select(['id', 'verdict', 'findings'])
    .where('school_id', '=', w.schoolId)
    .where('created_at', '>=', w.start)
    .where('created_at', '<', w.end)
    .execute();
}

export async function readPostReturns(db: Db, w: ReportWindow) {
  return db
    .selectFrom('post_returns')
    .select(['post_id'])
    .where('school_id', '=', w.schoolId)
    .where('at', '>=', w.start)
    .where('at', '<', w.end)
    .execute();
}

export async function readPublished(db: Db, w: ReportWindow) {
  return db
    .selectFrom('post_archive')
    .select(['id', 'findings'])
    .where('school_id', '=', w.schoolId)
    .where('published_at', '>=', w.start)
    .where('published_at', '<', w.end)
    .execute();
}

export async function readTakedowns(db: Db, w: ReportWindow) {
  return db
    .selectFrom('post_takedown_tasks')
    .select(['created_at', 'removed_at'])
    .where('school_id', '=', w.schoolId)
    .where('created_at', '>=', w.start)
    .where('created_at', '<', w.end)
    .execute();
}

/** Concerns reported in the range: categories and times only, never content, pupils or people. */
export async function readConcerns(db: Db, w: ReportWindow) {
  return db
    .selectFrom('concerns')
    .select(['id', 'type', 'urgency', 'created_at', 'acknowledged_at'])
    .where('school_id', '=', w.schoolId)
    .where('created_at', '>=', w.start)
    .where('created_at', '<', w.end)
    .execute();
}

/** The decision, close and reopen entries of the school's concerns up to the end of the range: facts only. */
export async function readConcernOutcomeEntries(db: Db, w: ReportWindow) {
  return db
    .selectFrom('concern_entries')
    .select(['concern_id', 'kind', 'facts', 'at'])
    .where('school_id', '=', w.schoolId)
    .where('kind', 'in', ['decision', 'close', 'reopen'])
    .where('at', '<', w.end)
    .orderBy('at', 'asc')
    .orderBy('seq', 'asc')
    .execute();
}

export async function readReferrals(db: Db, w: ReportWindow, from: string, to: string) {
  return db
    .selectFrom('concern_referrals')
    .select(['agency'])
    .where('school_id', '=', w.schoolId)
    .where('referred_on', '>=', from)
    .where('referred_on', '<=', to)
    .where('created_at', '<', w.end)
    .execute();
}

/** Comments Guardpost read on the school's accounts, day by day (a count, no comment). */
export async function readModerationChecked(db: Db, w: ReportWindow, from: string, to: string) {
  const row = await db
    .selectFrom('moderation_daily_counts')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('checked'), eb.lit(0)).as('checked'))
    .where('school_id', '=', w.schoolId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .executeTakeFirst();
  return Number(row?.checked ?? 0);
}

/** Comments queued for a person in the range: when they arrived and when first acted on, nothing else. */
export async function readModerationItems(db: Db, w: ReportWindow) {
  return db
    .selectFrom('moderation_items')
    .select(['verdict', 'received_at', 'actioned_at'])
    .where('school_id', '=', w.schoolId)
    .where('received_at', '>=', w.start)
    .where('received_at', '<', w.end)
    .execute();
}

/**
 * How often the school asked for attestations (each term or each year) at the end of the range: the last
 * change effective before it, else the default (each term). Never today's setting, so a past range keeps
 * its figures when the school changes it.
 */
export async function readAttestationPeriodKind(db: Db, w: ReportWindow): Promise<'term' | 'year'> {
  const row = await db
    .selectFrom('staff_use_setting_changes')
    .select('attestation_period')
    .where('school_id', '=', w.schoolId)
    .where('effective_at', '<', w.end)
    .orderBy('effective_at', 'desc')
    .orderBy('seq', 'desc')
    .executeTakeFirst();
  return row?.attestation_period ?? 'term';
}

/** Who attested privacy settings for a period by the end of the range: ids only, to count people. */
export async function readPrivacyAttesters(db: Db, w: ReportWindow, period: string) {
  return db
    .selectFrom('privacy_attestations')
    .select('staff_id')
    .distinct()
    .where('school_id', '=', w.schoolId)
    .where('period', '=', period)
    .where('attested_at', '<', w.end)
    .execute();
}

/** Who completed a self-audit (every match resolved) for a period by the end of the range: ids only. */
export async function readSelfAuditors(db: Db, w: ReportWindow, period: string) {
  return db
    .selectFrom('self_audit_attestations')
    .select('staff_id')
    .distinct()
    .where('school_id', '=', w.schoolId)
    .where('period', '=', period)
    .where('all_resolved', '=', true)
    .where('attested_at', '<', w.end)
    .execute();
}
