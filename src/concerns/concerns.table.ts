import type { Generated, JSONColumnType, Selectable } from 'kysely';

export const concernTypes = [
  'pupil_contact',
  'inappropriate_communication',
  'other_online_safety',
  'staff_conduct',
] as const;
export type ConcernType = (typeof concernTypes)[number];

export const pupilRoles = ['subject', 'affected', 'alleged_instigator', 'witness'] as const;
export type PupilRole = (typeof pupilRoles)[number];

export const concernStatuses = ['new', 'open', 'closed'] as const;
export type ConcernStatus = (typeof concernStatuses)[number];

export const referralAgencies = ['childrens_social_care', 'police', 'lado'] as const;
export type ReferralAgency = (typeof referralAgencies)[number];

export const decisions = ['refer', 'no_referral', 'early_help', 'monitor'] as const;
export type ConcernDecision = (typeof decisions)[number];

export interface ConcernSettingsTable {
  school_id: string;
  urgent_ack_minutes: Generated<number>;
  routine_ack_working_days: Generated<number>;
  headteacher_sees: Generated<'staff_conduct' | 'all'>;
  chair_of_governors_name: string | null;
  chair_of_governors_email: string | null;
  updated_at: Date;
}

export interface ConcernTable {
  id: string;
  school_id: string;
  /** The receipt number the reporter sees, unique within the school. */
  reference: string;
  type: ConcernType;
  platform: string;
  occurred_at: Date | null;
  urgency: 'urgent' | 'routine';
  told_dsl_in_person: boolean;
  reporter_staff_id: string;
  /** For staff_conduct: the adult the concern is about, who must never see it or be alerted. */
  subject_staff_id: string | null;
  status: Generated<ConcernStatus>;
  data_key_id: string;
  /** Sealed JSON: what happened, the child's own words, what the reporter did already. */
  content: Buffer;
  assigned_staff_id: string | null;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  /** The deadline the first alert was given when the concern was reported (none before 5 December 2026). */
  acknowledgement_due_at: Date | null;
  escalation_level: Generated<number>;
  decision: ConcernDecision | null;
  outcome: string | null;
  legal_hold: Generated<boolean>;
  /** ISO date: the youngest pupil's date of birth + 25 years. */
  retention_until: string | null;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
}

export interface ConcernPupilTable {
  concern_id: string;
  pupil_id: string;
  school_id: string;
  role: PupilRole;
}

export interface ConcernAlertTable {
  id: Generated<string>;
  concern_id: string;
  school_id: string;
  level: number;
  staff_id: string | null;
  contact_label: string | null;
  alerted_at: Date;
}

export interface ConcernEntryTable {
  id: string;
  seq: Generated<string>;
  school_id: string;
  concern_id: string;
  at: Date;
  kind: string;
  author_staff_id: string | null;
  author_label: string;
  corrects_entry_id: string | null;
  /** Facts that are not safeguarding content (a level, an agency, a decision code). */
  facts: JSONColumnType<Record<string, string | number | boolean | null>>;
  data_key_id: string | null;
  /** Sealed text of the entry, when it has any. */
  content: Buffer | null;
}

export interface ConcernActionTable {
  id: string;
  school_id: string;
  concern_id: string;
  data_key_id: string;
  content: Buffer;
  owner_staff_id: string;
  due_on: string;
  created_at: Date;
  created_by: string | null;
  completed_at: Date | null;
  completed_by: string | null;
}

export interface ConcernReferralTable {
  id: string;
  school_id: string;
  concern_id: string;
  agency: ReferralAgency;
  agency_reference: string | null;
  referred_on: string;
  follow_up_on: string | null;
  created_at: Date;
  created_by: string | null;
}

export interface ConcernEvidenceTable {
  id: string;
  school_id: string;
  concern_id: string;
  data_key_id: string;
  name: Buffer;
  media_type: string;
  size_bytes: number;
  sha256: string;
  original: Buffer;
  viewing_copy: Buffer | null;
  viewing_media_type: string | null;
  uploaded_by: string;
  created_at: Date;
}

export interface ConcernTransferTable {
  id: Generated<string>;
  school_id: string;
  pupil_id: string;
  left_on: string;
  due_on: string;
  status: Generated<'pending' | 'sent' | 'received'>;
  destination: string | null;
  sent_method: string | null;
  sent_at: Date | null;
  sent_by: string | null;
  receipt_confirmed_at: Date | null;
  receipt_confirmed_by: string | null;
  receipt_from: string | null;
  created_at: Date;
}

export type ConcernRow = Selectable<ConcernTable>;
export type ConcernEntryRow = Selectable<ConcernEntryTable>;
export type ConcernSettingsRow = Selectable<ConcernSettingsTable>;
export type ConcernTransferRow = Selectable<ConcernTransferTable>;
