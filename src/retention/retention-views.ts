import type { LegalHoldRow } from './retention.table.js';
import type { DueRecord } from './retention-records.repository.js';
import type { RecordKind, RuleView } from './retention-rules.js';

/** A legal hold as the retention page shows it. */
export interface HoldView {
  id: string;
  targetKind: string;
  targetId: string;
  reason: string;
  placedAt: string;
  placedBy: string | null;
}

export function holdView(row: LegalHoldRow, placedBy: string | null): HoldView {
  return {
    id: row.id,
    targetKind: row.target_kind,
    targetId: row.target_id,
    reason: row.reason,
    placedAt: row.placed_at.toISOString(),
    placedBy,
  };
}

/** The retention page: what is due, the rules with the school's periods, and the holds. */
export interface DueView {
  days: number;
  until: string;
  rules: RuleView[];
  /** Records one by one (concerns only for the DSL and deputy). */
  records: (Omit<DueRecord, 'pupilIds' | 'open'> & { open: boolean; ruleId: string; holdIds: string[] })[];
  /** Per rule: how many go by `until` (past dates included), held or not. */
  counts: { ruleId: string; kind: RecordKind; due: number; held: number }[];
  holds: HoldView[];
  concernsHidden: boolean;
  abilities: { setPeriods: boolean };
}
