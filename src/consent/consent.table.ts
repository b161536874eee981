import type { Generated, Insertable, JSONColumnType, Selectable } from 'kysely';

export const consentPurposes = ['social_media', 'website', 'press'] as const;
export type ConsentPurpose = (typeof consentPurposes)[number];

export const consentDecisions = ['granted', 'refused', 'withdrawn'] as const;
export type ConsentDecision = (typeof consentDecisions)[number];

/** `carer_told`: a refusal or withdrawal told by phone, email or in person, before anything is signed. */
export type ConsentMethod = 'uploaded_form' | 'e_signature' | 'carer_told';

export const consentToldBy = ['phone', 'email', 'in_person'] as const;
export type ConsentToldBy = (typeof consentToldBy)[number];

/** One written decision by a carer. Append-only (a trigger refuses update and delete). */
export interface ConsentTable {
  id: Generated<string>;
  /** Insertion order: the latest row for a pupil and purpose is the one that holds. */
  seq: Generated<string>;
  school_id: string;
  pupil_id: string;
  purpose: ConsentPurpose;
  state: ConsentDecision;
  /** The carer with parental responsibility who decided; null only for MIS rows that do not say. */
  carer_id: string | null;
  method: ConsentMethod;
  evidence_reference: string | null;
  /** SHA-256 (hex) of a stored scan of the signed form. */
  evidence_sha256: string | null;
  /** How the carer told the school, for `carer_told` decisions. */
  told_by: ConsentToldBy | null;
  signature_name: string | null;
  signed_at: Date | null;
  signed_ip: string | null;
  link_id: string | null;
  import_id: string | null;
  /** ISO date the carer decided. */
  given_on: string;
  /** ISO date: the last day the decision holds. */
  expires_on: string;
  recorded_by_staff_id: string | null;
  recorded_by_label: string;
  recorded_at: Date;
}

export interface ConsentLinkTable {
  /** SHA-256 of the token. */
  id: string;
  school_id: string;
  pupil_id: string;
  carer_id: string;
  purpose: ConsentPurpose;
  created_by_staff_id: string | null;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
}

export interface ConsentImportTable {
  id: Generated<string>;
  school_id: string;
  actor_staff_id: string | null;
  actor_label: string;
  at: Date;
  file_name: string;
  counts: JSONColumnType<Record<string, number>>;
}

export interface ConsentLossTable {
  consent_id: string;
  school_id: string;
  pupil_id: string;
  purpose: ConsentPurpose;
  reason: string;
  lost_on: string;
  noted_at: Date;
}

export type ConsentRow = Selectable<ConsentTable>;
export type NewConsentRow = Insertable<ConsentTable>;
export type ConsentLinkRow = Selectable<ConsentLinkTable>;
