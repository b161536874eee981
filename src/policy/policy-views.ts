import type { IsoDate } from '../platform/calendar/dates.js';
import type { Clause } from './clauses.js';
import type { PolicyReviewRow, PolicySection, PolicyVersionRow } from './policy.table.js';
import type { ReviewStatus } from './review.js';

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

export function toView(row: PolicyVersionRow, reviews: PolicyReviewRow[]): PolicyVersionView {
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

export interface ImportPolicyInput {
  schoolId: string;
  text: string;
  format: 'text' | 'markdown';
  label?: string | undefined;
  effectiveFrom?: IsoDate | undefined;
  nextReviewDue?: IsoDate | undefined;
}
