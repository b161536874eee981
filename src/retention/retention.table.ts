import type { Generated, Selectable } from 'kysely';

/** A legal hold: while not lifted, the retention job destroys nothing it covers. */
export interface LegalHoldTable {
  id: Generated<string>;
  school_id: string;
  /** 'pupil' (everything about the pupil) or one record kind: 'concern', 'consent', 'post_archive'. */
  target_kind: string;
  target_id: string;
  reason: string;
  placed_by_staff_id: string | null;
  placed_at: Date;
  lifted_by_staff_id: string | null;
  lifted_at: Date | null;
  lift_reason: string | null;
}

export type LegalHoldRow = Selectable<LegalHoldTable>;

/** A school's own period for one retention rule, in the rule's unit; no row: the standard period. */
export interface RetentionPeriodTable {
  school_id: string;
  rule_id: string;
  amount: number;
  updated_by_staff_id: string | null;
  updated_at: Date;
}

export type RetentionPeriodRow = Selectable<RetentionPeriodTable>;
