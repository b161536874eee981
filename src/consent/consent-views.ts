import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import { isIsoDate } from '../platform/calendar/dates.js';
import type { DbExecutor } from '../platform/db/database.js';
import type { ConsentDeps, ConsentLossReason } from './consent.events.js';
import { type ConsentPupilRow, insertConsentLoss } from './consent.repository.js';
import type {
  ConsentDecision,
  ConsentMethod,
  ConsentPurpose,
  ConsentRow,
  ConsentToldBy,
} from './consent.table.js';
import type { ConsentReason, EffectiveConsentState } from './consent-rules.js';

export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface PurposeConsent {
  purpose: ConsentPurpose;
  state: EffectiveConsentState;
  holds: boolean;
  reasons: ConsentReason[];
  endsOn: string | null;
  decisionId: string | null;
}

export interface ConsentHistoryItem {
  id: string;
  purpose: ConsentPurpose;
  state: ConsentDecision;
  source: 'staff' | 'e_signature' | 'import';
  carerId: string | null;
  method: ConsentMethod;
  /** How the carer told the school, when they told it before signing anything. */
  toldBy: ConsentToldBy | null;
  evidenceReference: string | null;
  evidenceSha256: string | null;
  /** The name the carer typed, and where from: only for the roles that record consent. */
  signatureName: string | null;
  signedAt: string | null;
  signedIp: string | null;
  givenOn: string;
  expiresOn: string;
  recordedBy: string;
  recordedAt: string;
}

export interface PupilConsents {
  pupilId: string;
  today: string;
  purposes: PurposeConsent[];
  /** Every decision, newest first: nothing is ever deleted. */
  history: ConsentHistoryItem[];
}

export function sourceOf(row: ConsentRow): ConsentHistoryItem['source'] {
  if (row.method === 'e_signature') return 'e_signature';
  return row.import_id ? 'import' : 'staff';
}

export function pupilOf(row: ConsentPupilRow) {
  return { id: row.id, status: row.status, leftOn: row.left_on };
}

/**
 * Notes, once, that a grant stopped holding, and tells the subscribers (the post workflow re-checks every
 * published post featuring the pupil). Runs inside the caller's transaction.
 */
export async function noteConsentLoss(
  tx: DbExecutor,
  actor: Actor,
  deps: ConsentDeps,
  input: {
    schoolId: string;
    consentId: string;
    pupilId: string;
    purpose: ConsentPurpose;
    reason: ConsentLossReason;
    lostOn: string;
    at: Date;
  },
): Promise<boolean> {
  const fresh = await insertConsentLoss(tx, input);
  if (!fresh) return false;
  await recordAudit(tx, {
    actor,
    schoolId: input.schoolId,
    at: input.at,
    event: {
      type: 'consent.lost',
      subject: { type: 'consent', id: input.consentId },
      data: { pupilId: input.pupilId, purpose: input.purpose, reason: input.reason, lostOn: input.lostOn },
    },
  });
  await deps.onConsentLost(tx, {
    schoolId: input.schoolId,
    pupilId: input.pupilId,
    purpose: input.purpose,
    reason: input.reason,
    consentId: input.consentId,
    lostOn: input.lostOn,
  });
  return true;
}

export interface DecisionInput {
  schoolId: string;
  pupil: ConsentPupilRow;
  purpose: ConsentPurpose;
  state: ConsentDecision;
  carerId: string | null;
  givenOn: string;
  expiresOn: string;
  evidence:
    | { method: 'uploaded_form'; reference: string | null; sha256: string | null }
    | { method: 'e_signature'; name: string; signedAt: Date; ip: string; linkId: string }
    | { method: 'carer_told'; toldBy: ConsentToldBy };
  importId: string | null;
  source: 'staff' | 'e_signature' | 'import';
  today: string;
  at: Date;
}

export interface RecordConsentInput {
  schoolId: string;
  pupilId: string;
  purpose: ConsentPurpose;
  state: ConsentDecision;
  carerId: string;
  /** The signed paper form: where it is kept, and/or the SHA-256 of its stored scan. */
  evidenceReference?: string | undefined;
  evidenceSha256?: string | undefined;
  /**
   * A refusal or withdrawal told by phone, email or in person, with no form yet: recorded at once so
   * nothing more is published; the signed confirmation can follow as a later decision with its reference.
   */
  toldBy?: ConsentToldBy | undefined;
  givenOn: string;
  /** Defaults to the end of the academic year of `givenOn`. */
  expiresOn?: string | undefined;
  today: string;
}

/** Validates a decision given in writing on a form; every problem is listed. */
export function decisionProblems(input: RecordConsentInput): string[] {
  const problems: string[] = [];
  if (!isIsoDate(input.givenOn)) problems.push('givenOn: not a date (YYYY-MM-DD)');
  else if (input.givenOn > input.today) problems.push('givenOn: is in the future');
  if (input.expiresOn !== undefined) {
    if (!isIsoDate(input.expiresOn)) problems.push('expiresOn: not a date (YYYY-MM-DD)');
    else if (isIsoDate(input.givenOn) && input.expiresOn < input.givenOn)
      problems.push('expiresOn: is before givenOn');
  }
  const reference = input.evidenceReference?.trim() ?? '';
  const written = reference !== '' || input.evidenceSha256 !== undefined;
  if (!written && input.state === 'granted')
    problems.push('evidence: consent is granted only in writing: give the signed form’s reference');
  else if (!written && input.toldBy === undefined)
    problems.push(
      'toldBy: say how the carer told the school (phone, email or in person), or give the form’s reference',
    );
  if (input.evidenceSha256 !== undefined && !/^[0-9a-f]{64}$/.test(input.evidenceSha256))
    problems.push('evidenceSha256: 64 lower-case hex characters');
  return problems;
}
