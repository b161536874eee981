import type { Generated, Selectable } from 'kysely';

export interface PolicyAcknowledgementTable {
  id: Generated<string>;
  school_id: string;
  staff_id: string;
  policy_version_id: string;
  /** The exact text acknowledged: a new version with a new hash asks again. */
  document_hash: string;
  acknowledged_at: Date;
}

export interface PolicyAcknowledgementReminderTable {
  id: Generated<string>;
  school_id: string;
  staff_id: string;
  document_hash: string;
  after_days: 7 | 14;
  sent_at: Date;
}

export type PolicyAcknowledgementRow = Selectable<PolicyAcknowledgementTable>;
