import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

export type AccountStatus =
  | 'draft'
  | 'submitted'
  | 'approved'
  | 'changes_requested'
  | 'rejected'
  | 'suspended'
  | 'retired';

export type AupResult = 'found' | 'not_found' | 'could_not_check' | 'attested';

/** A finding on the About text or purpose as stored: no excerpt, so no pupil's name is kept. */
export interface StoredFinding {
  field: 'about' | 'purpose';
  rule: string;
  clause: string;
  severity: 'block' | 'review' | 'advice';
  message: string;
}

type DateColumn = ColumnType<string, string, string>;

export interface AccountTable {
  id: Generated<string>;
  school_id: string;
  platform: string;
  handle: string | null;
  profile_url: string | null;
  identity_key: string;
  purpose_kind: string;
  purpose: string;
  linked_email: string;
  audience: string[];
  about_text: string | null;
  about_findings: ColumnType<StoredFinding[], string, string>;
  attests_no_direct_messages: boolean;
  attests_aup_link: boolean;
  status: Generated<AccountStatus>;
  created_by_staff_id: string;
  submitted_at: Date | null;
  approved_at: Date | null;
  approved_by_staff_id: string | null;
  approval_expires_on: DateColumn | null;
  expiry_reminder_sent_for: DateColumn | null;
  aup_status: AupResult | null;
  aup_checked_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface AccountOwnerTable {
  account_id: string;
  staff_id: string;
  is_primary: boolean;
}

export interface AccountTransitionTable {
  id: Generated<string>;
  account_id: string;
  from_status: AccountStatus;
  to_status: AccountStatus;
  actor_staff_id: string | null;
  actor_label: string;
  reason: string | null;
  at: Date;
}

export interface AccountAupCheckTable {
  id: Generated<string>;
  account_id: string;
  result: AupResult;
  reason: string;
  checked_url: string | null;
  trigger: 'manual' | 'scheduled' | 'cli';
  checked_at: Date;
}

export interface PersonalHandleTable {
  id: Generated<string>;
  school_id: string;
  staff_id: string;
  platform: string;
  value: string;
  identity_key: string;
  created_at: Generated<Date>;
}

export interface AccountRegisterSettingsTable {
  school_id: string;
  approval_months: number;
  reminder_days: number;
  updated_at: Generated<Date>;
}

export type AccountRow = Selectable<AccountTable>;
export type NewAccountRow = Insertable<AccountTable>;
export type AccountUpdate = Updateable<AccountTable>;
export type AccountTransitionRow = Selectable<AccountTransitionTable>;
export type AccountAupCheckRow = Selectable<AccountAupCheckTable>;
export type PersonalHandleRow = Selectable<PersonalHandleTable>;
