import { notify } from '../notifications/notify.js';
import { recordAudit } from '../platform/audit/audit.js';
import { type Actor, hasRole } from '../platform/auth/roles.js';
import { addMonths, type IsoDate, isIsoDate } from '../platform/calendar/dates.js';
import type { Db } from '../platform/db/database.js';
import { forbidden, invalid, notFound } from '../platform/errors.js';
import { linkTo } from '../shared/links.js';
import { MAX_POLICY_BYTES, PolicyDocumentError, parsePolicyDocument } from './document.js';
import { findCurrentVersion, insertReviews, setNextReviewDue } from './policy.repository.js';
import { type ImportPolicyInput, importPolicy, type PolicyVersionView } from './policy.service.js';
import type { PolicySection } from './policy.table.js';

/** The senior leadership team, the headteacher and admins keep the policy (review, new versions). */
export function canPublishPolicy(actor: Actor, schoolId: string): boolean {
  return (
    actor.kind === 'staff' && actor.schoolId === schoolId && hasRole(actor, 'smt', 'headteacher', 'admin')
  );
}

function requirePublisher(actor: Actor, schoolId: string): void {
  if (!canPublishPolicy(actor, schoolId))
    throw forbidden('PolicyPublishForbidden', 'only SMT, the headteacher or an admin publishes the policy');
}

function requireSize(text: string): void {
  if (Buffer.byteLength(text, 'utf8') > MAX_POLICY_BYTES)
    throw invalid(
      'PolicyDocumentTooLarge',
      `a policy document has at most ${MAX_POLICY_BYTES / 1024} KB of text`,
    );
}

/** The clauses a document would give, before anything is written, so whoever publishes sees them first. */
export function previewPolicyDocument(
  actor: Actor,
  schoolId: string,
  input: { text: string; format: 'text' | 'markdown' },
): { title: string; sections: PolicySection[] } {
  requirePublisher(actor, schoolId);
  requireSize(input.text);
  try {
    const parsed = parsePolicyDocument(input.text, input.format);
    return { title: parsed.title, sections: parsed.sections };
  } catch (error) {
    if (error instanceof PolicyDocumentError)
      throw invalid(
        'InvalidPolicyDocument',
        'the policy document cannot be read',
        error.problems.map((p) => `line ${p.line}, column ${p.column}: ${p.message}`),
      );
    throw error;
  }
}

/**
 * Publishes a new version from the web app (the same import as `guardpost policy import`) and, in the same
 * transaction, asks every member of staff to read and acknowledge it.
 */
export async function publishPolicyVersion(
  db: Db,
  actor: Actor,
  input: ImportPolicyInput,
  today: IsoDate,
  now: Date,
): Promise<PolicyVersionView> {
  requirePublisher(actor, input.schoolId);
  requireSize(input.text);
  return importPolicy(db, actor, input, today, async (tx, version) => {
    const staff = await tx
      .selectFrom('staff_memberships')
      .select('staff_id')
      .where('school_id', '=', input.schoolId)
      .where('status', '=', 'active')
      .execute();
    await notify(tx, {
      schoolId: input.schoolId,
      staffIds: staff.map((s) => s.staff_id),
      kind: 'policy.new_version',
      title: `A new version of the social media policy (${version.label}): please read and acknowledge it`,
      link: linkTo('policy'),
      now,
    });
  });
}

/**
 * Records that the current version was reviewed and still stands, and when it is next due (a year on
 * unless given). The review and its audit event are one transaction.
 */
export async function recordPolicyReview(
  db: Db,
  actor: Actor,
  input: {
    schoolId: string;
    reviewedOn: IsoDate;
    nextReviewDue?: IsoDate | undefined;
    note?: string | undefined;
  },
  today: IsoDate,
  now: Date,
): Promise<{ reviewedOn: IsoDate; nextReviewDue: IsoDate }> {
  requirePublisher(actor, input.schoolId);
  if (!isIsoDate(input.reviewedOn) || input.reviewedOn > today)
    throw invalid('InvalidDate', 'the review date must be a date (YYYY-MM-DD), today or earlier');
  const nextReviewDue = input.nextReviewDue ?? addMonths(input.reviewedOn, 12);
  if (!isIsoDate(nextReviewDue) || nextReviewDue <= today)
    throw invalid('InvalidDate', 'the next review date must be a date after today');
  const note = input.note?.trim() || null;
  if (note && note.length > 500) throw invalid('InvalidNote', 'a review note has at most 500 characters');
  return db.transaction().execute(async (tx) => {
    const current = await findCurrentVersion(tx, input.schoolId);
    if (!current) throw notFound('PolicyNotFound', 'the school has no policy to review yet');
    await insertReviews(tx, [
      {
        school_id: input.schoolId,
        policy_version_id: current.id,
        kind: 'reviewed',
        reviewed_on: input.reviewedOn,
        note,
      },
    ]);
    await setNextReviewDue(tx, current.id, nextReviewDue);
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      at: now,
      event: {
        type: 'policy.review_recorded',
        subject: { type: 'policy_version', id: current.id },
        data: { reviewedOn: input.reviewedOn, nextReviewDue },
      },
    });
    return { reviewedOn: input.reviewedOn, nextReviewDue };
  });
}
