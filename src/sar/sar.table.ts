import type { ColumnType, Generated, JSONColumnType, Selectable } from 'kysely';

export type SarSubjectKind = 'pupil' | 'carer' | 'staff';
export type SarStatus = 'awaiting_review' | 'reviewed' | 'released';

export interface SarWithheldItem {
  itemId: string;
  reason: string;
}

/** One subject access request and its safeguarding review. */
export interface SubjectAccessRequestTable {
  id: Generated<string>;
  school_id: string;
  subject_kind: SarSubjectKind;
  subject_id: string;
  received_on: string;
  requested_by_label: string;
  status: Generated<SarStatus>;
  withheld: JSONColumnType<SarWithheldItem[], string | undefined, string>;
  review_note: string | null;
  reviewed_by_label: string | null;
  reviewed_at: Date | null;
  released_at: Date | null;
  created_at: ColumnType<Date, Date, never>;
}

export type SubjectAccessRequestRow = Selectable<SubjectAccessRequestTable>;
