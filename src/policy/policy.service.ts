import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import { addMonths, type IsoDate, isIsoDate } from '../platform/calendar/dates.js';
import type { Db, DbExecutor } from '../platform/db/database.js';
import { conflict, invalid, notFound } from '../platform/errors.js';
import { type Clause, clauses } from './clauses.js';
import { hashDocument, PolicyDocumentError, parsePolicyDocument } from './document.js';
import {
  clearCurrentVersion,
  findCurrentVersion,
  findVersionByLabel,
  insertReviews,
  insertVersion,
  listReviews,
  listVersions,
} from './policy.repository.js';
import type { PolicyReviewRow, PolicySection, PolicyVersionRow } from './policy.table.js';
import { type ReviewStatus, reviewStatus } from './review.js';
import { loadSeedPolicy } from './seed-policy.js';

export interface PolicyVersionView {
  id: string;
  label: string;
  title: string;
  source: 'seed' | 'import';
  format: 'text' | 'markdown';
  documentHash: string;
  effectiveFrom: IsoDate;
  nextReviewDue: IsoDate;
  isCurrent: boolean;
  sections: PolicySection[];
  reviews: { kind: 'written' | 'reviewed'; on: IsoDate; note: string | null }[];
}

export interface PolicyOverview {
  clauses: readonly Clause[];
  current: (PolicyVersionView & { documentText: string }) | null;
  versions: PolicyVersionView[];
  review: ReviewStatus | null;
}

function toView(row: PolicyVersionRow, reviews: PolicyReviewRow[]): PolicyVersionView {
  return {
    id: row.id,
    label: row.label,
    title: row.title,
    source: row.source,
    format: row.format,
    documentHash: row.document_hash,
    effectiveFrom: row.effective_from,
    nextReviewDue: row.next_review_due,
    isCurrent: row.is_current,
    sections: row.sections,
    reviews: reviews
      .filter((r) => r.policy_version_id === row.id)
      .map((r) => ({ kind: r.kind, on: r.reviewed_on, note: r.note })),
  };
}

/** The clause registry, every policy version of a school with its reviews, and where the review stands. */
export async function getPolicyOverview(
  db: DbExecutor,
  schoolId: string,
  today: IsoDate,
): Promise<PolicyOverview> {
  const versions = await listVersions(db, schoolId);
  const reviews = await listReviews(
    db,
    versions.map((v) => v.id),
  );
  const views = versions.map((v) => toView(v, reviews));
  const currentRow = versions.find((v) => v.is_current);
  const current = currentRow
    ? { ...toView(currentRow, reviews), documentText: currentRow.document_text }
    : null;
  return {
    clauses,
    current,
    versions: views,
    review: current ? reviewStatus(current, today) : null,
  };
}

export async function getReviewStatus(
  db: DbExecutor,
  schoolId: string,
  today: IsoDate,
): Promise<ReviewStatus> {
  const current = await findCurrentVersion(db, schoolId);
  if (!current)
    throw notFound('PolicyNotFound', 'this school has no current policy version; import one first');
  return reviewStatus({ nextReviewDue: current.next_review_due }, today);
}

/** Installs the built-in seed policy with its review history as the school's current version. */
export async function installSeedPolicy(
  db: DbExecutor,
  actor: Actor,
  schoolId: string,
): Promise<PolicyVersionRow> {
  const seed = loadSeedPolicy();
  const parsed = parsePolicyDocument(seed.documentText, 'text');
  await clearCurrentVersion(db, schoolId);
  const version = await insertVersion(db, {
    school_id: schoolId,
    label: seed.label,
    title: 'Social Media Policy',
    document_text: seed.documentText,
    document_hash: hashDocument(seed.documentText),
    source: 'seed',
    format: 'text',
    sections: JSON.stringify(parsed.sections),
    effective_from: seed.effectiveFrom,
    next_review_due: seed.nextReviewDue,
    is_current: true,
  });
  await insertReviews(
    db,
    seed.history.map((h) => ({
      school_id: schoolId,
      policy_version_id: version.id,
      kind: h.kind,
      reviewed_on: h.on,
      note: null,
    })),
  );
  await recordAudit(db, {
    actor,
    schoolId,
    event: {
      type: 'policy.seed_installed',
      subject: { type: 'policy_version', id: version.id },
      data: { label: version.label, documentHash: version.document_hash },
    },
  });
  return version;
}

export interface ImportPolicyInput {
  schoolId: string;
  text: string;
  format: 'text' | 'markdown';
  label?: string | undefined;
  effectiveFrom?: IsoDate | undefined;
  nextReviewDue?: IsoDate | undefined;
}

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
