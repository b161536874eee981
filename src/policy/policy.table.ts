import type { Generated, Insertable, JSONColumnType, Selectable } from 'kysely';

export interface PolicySection {
  /** Clause id in the document's own numbering (`1.3`), or a heading slug for unnumbered text. */
  id: string;
  title: string;
  text: string;
}

export interface PolicyVersionTable {
  id: Generated<string>;
  school_id: string;
  label: string;
  title: string;
  document_text: string;
  /** SHA-256 of the document text: acknowledgements and citations name the exact words. */
  document_hash: string;
  /** `seed` for the built-in policy, `import` for a document a school loaded. */
  source: 'seed' | 'import';
  format: 'text' | 'markdown';
  sections: JSONColumnType<PolicySection[]>;
  /** ISO date the version took effect. */
  effective_from: string;
  /** ISO date the next review is due. */
  next_review_due: string;
  is_current: boolean;
  created_at: Generated<Date>;
}

export interface PolicyReviewTable {
  id: Generated<string>;
  school_id: string;
  policy_version_id: string;
  kind: 'written' | 'reviewed';
  /** ISO date of the review. */
  reviewed_on: string;
  note: string | null;
  created_at: Generated<Date>;
}

export type PolicyVersionRow = Selectable<PolicyVersionTable>;
export type NewPolicyVersionRow = Insertable<PolicyVersionTable>;
export type PolicyReviewRow = Selectable<PolicyReviewTable>;
export type NewPolicyReviewRow = Insertable<PolicyReviewTable>;
