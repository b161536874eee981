import type { Generated, Selectable } from 'kysely';

export type ContactChannel = 'personal_phone' | 'personal_email';
export type ContactExceptionStatus = 'pending' | 'approved' | 'refused' | 'expired' | 'closed';

/** A request to use a personal email or phone for school business (clauses 1.5, 1.6), and its decision. */
export interface ContactExceptionTable {
  id: Generated<string>;
  school_id: string;
  staff_id: string;
  channel: ContactChannel;
  /** The personal number or address itself, when given: the check engine allows it while approved. */
  contact: string | null;
  reason: string;
  /** Which people or group (a trip's carers, a team). */
  audience: string;
  /** ISO dates, both inclusive. */
  from_on: string;
  to_on: string;
  status: ContactExceptionStatus;
  decided_by_staff_id: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
  expiry_reminded_at: Date | null;
  /** Why it was closed before its end (the member of staff left). */
  closed_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

/** "I have set these settings on this platform" (clause 1.4): counts only, never the answers. */
export interface PrivacyAttestationTable {
  id: Generated<string>;
  school_id: string;
  staff_id: string;
  platform: string;
  /** The attestation period it counts for: `2026-autumn` (termly) or `2026-27` (yearly). */
  period: string;
  checklist_version: string;
  settings_confirmed: number;
  settings_total: number;
  attested_at: Date;
}

/** The only trace of a follower self-audit (clauses 1.1, 1.9): no list, no match, no name. */
export interface SelfAuditAttestationTable {
  id: Generated<string>;
  school_id: string;
  staff_id: string;
  platform: string;
  period: string;
  followers_checked: number;
  matches: number;
  all_resolved: boolean;
  attested_at: Date;
}

/** The per-session HMAC key of one self-audit: the browser hashes its name keys with it. */
export interface SelfAuditKeyTable {
  id: Generated<string>;
  school_id: string;
  staff_id: string;
  hmac_key: Buffer;
  created_at: Date;
  expires_at: Date;
  hashes_answered: Generated<number>;
}

export interface StaffUseReminderTable {
  id: Generated<string>;
  school_id: string;
  staff_id: string;
  kind: 'newcomer' | 'privacy' | 'self_audit' | 'contact_expiry';
  period: string;
  sent_at: Date;
}

export interface StaffUseSettingsTable {
  school_id: string;
  attestation_period: 'term' | 'year';
  updated_at: Date;
  updated_by_staff_id: string | null;
}

/**
 * One change of a school's attestation period, effective from `effective_at`: the governors' report for a
 * past range reads the setting in force at its end from here, so changing it later leaves that report alone.
 */
export interface StaffUseSettingChangeTable {
  id: Generated<string>;
  seq: Generated<string>;
  school_id: string;
  attestation_period: 'term' | 'year';
  effective_at: Date;
  changed_by_staff_id: string | null;
}

/** A leaver's handover task (clause: staff leaving): SMT gives each of their accounts a new owner or closes it. */
export interface StaffHandoverTable {
  id: Generated<string>;
  school_id: string;
  staff_id: string;
  status: Generated<'open' | 'done'>;
  opened_at: Date;
  /** Who marked them left, or `system:…` when a sweep found a leaver without one. */
  opened_by: string;
  done_at: Date | null;
  done_by_staff_id: string | null;
}

export type ContactExceptionRow = Selectable<ContactExceptionTable>;
