import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import { addMonths, type IsoDate, isIsoDate } from '../platform/calendar/dates.js';
import type { Db, DbExecutor } from '../platform/db/database.js';
import { conflict, invalid } from '../platform/errors.js';
import { hashDocument, PolicyDocumentError, parsePolicyDocument } from './document.js';
import {
  clearCurrentVersion,
  findVersionByLabel,
  insertReviews,
  insertVersion,
  listReviews,
} from './policy.repository.js';
import type { PolicyVersionRow } from './policy.table.js';
import { type ImportPolicyInput, type PolicyVersionView, toView } from './policy-views.js';

/**
 * Loads a school's own policy document as its new current version. The document is parsed before anything
 * is written; the old current version stays in the history.
 */
export async function importPolicy(
  db: Db,
  actor: Actor,
  input: ImportPolicyInput,
  today: IsoDate,
  /** More of the same use case, inside its transaction (publishing from the web asks staff to acknowledge). */
  afterWrite?: (tx: DbExecutor, version: PolicyVersionRow) => Promise<void>,
): Promise<PolicyVersionView> {
  const effectiveFrom = input.effectiveFrom ?? today;
  if (!isIsoDate(effectiveFrom))
    throw invalid('InvalidDate', `effective date ${effectiveFrom} is not a date (YYYY-MM-DD)`);
  const nextReviewDue = input.nextReviewDue ?? addMonths(effectiveFrom, 12);
  if (!isIsoDate(nextReviewDue))
    throw invalid('InvalidDate', `next review date ${nextReviewDue} is not a date (YYYY-MM-DD)`);
  if (nextReviewDue <= effectiveFrom) {
    throw invalid(
      'InvalidDate',
      `next review date ${nextReviewDue} must be after the effective date ${effectiveFrom}`,
    );
  }
  let parsed: ReturnType<typeof parsePolicyDocument>;
  try {
    parsed = parsePolicyDocument(input.text, input.format);
  } catch (error) {
    if (error instanceof PolicyDocumentError) {
      throw invalid(
        'InvalidPolicyDocument',
        'the policy document cannot be read',
        error.problems.map((p) => `${p.line}:${p.column}: ${p.message}`),
      );
    }
    throw error;
  }
  const label = input.label?.trim() || effectiveFrom;
  if (label.length > 60) throw invalid('InvalidLabel', 'a version label has at most 60 characters');

  return db.transaction().execute(async (tx) => {
    if (await findVersionByLabel(tx, input.schoolId, label)) {
      throw conflict(
        'PolicyVersionExists',
        `a policy version labelled ${label} already exists for this school`,
      );
    }
    await clearCurrentVersion(tx, input.schoolId);
    const row = await insertVersion(tx, {
      school_id: input.schoolId,
      label,
      title: parsed.title,
      document_text: input.text,
      document_hash: hashDocument(input.text),
      source: 'import',
      format: input.format,
      sections: JSON.stringify(parsed.sections),
      effective_from: effectiveFrom,
      next_review_due: nextReviewDue,
      is_current: true,
    });
    await insertReviews(tx, [
      {
        school_id: input.schoolId,
        policy_version_id: row.id,
        kind: 'written',
        reviewed_on: effectiveFrom,
        note: null,
      },
    ]);
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      event: {
        type: 'policy.version_imported',
        subject: { type: 'policy_version', id: row.id },
        data: { label: row.label, documentHash: row.document_hash, sections: parsed.sections.length },
      },
    });
    if (afterWrite) await afterWrite(tx, row);
    const reviews = await listReviews(tx, [row.id]);
    return toView(row, reviews);
  });
}
