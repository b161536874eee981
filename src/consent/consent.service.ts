import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import { isIsoDate } from '../platform/calendar/dates.js';
import type { Db, DbExecutor } from '../platform/db/database.js';
import { forbidden, invalid, notFound } from '../platform/errors.js';
import type { ConsentDeps, ConsentLossReason } from './consent.events.js';
import { canReadConsents, canRecordConsents, canSeeSignatureDetails } from './consent.permissions.js';
import {
  type ConsentPupilRow,
  findCarerForPupil,
  findConsentPupil,
  insertConsent,
  insertConsentLoss,
  listConsentPupils,
  listConsentRows,
  listNotedLosses,
  listSchoolIdsWithConsents,
  toConsentRecord,
} from './consent.repository.js';
import {
  type ConsentDecision,
  type ConsentMethod,
  type ConsentPurpose,
  type ConsentRow,
  type ConsentToldBy,
  consentPurposes,
  type NewConsentRow,
} from './consent.table.js';
import {
  type ConsentReason,
  consentStateOn,
  type EffectiveConsentState,
  endOfAcademicYear,
  lossOf,
  type SocialMediaConsent,
  toPupilConsent,
} from './consent-rules.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

function sourceOf(row: ConsentRow): ConsentHistoryItem['source'] {
  if (row.method === 'e_signature') return 'e_signature';
  return row.import_id ? 'import' : 'staff';
}

function pupilOf(row: ConsentPupilRow) {
  return { id: row.id, status: row.status, leftOn: row.left_on };
}

/** A pupil's consent for each purpose today, with reasons, and the full history of decisions. */
export async function getPupilConsents(
  db: DbExecutor,
  actor: Actor,
  input: { schoolId: string; pupilId: string; today: string },
): Promise<PupilConsents> {
  if (!canReadConsents(actor, input.schoolId))
    throw forbidden('ConsentForbidden', 'you do not work at this school');
  const pupil = uuidPattern.test(input.pupilId)
    ? await findConsentPupil(db, input.schoolId, input.pupilId)
    : undefined;
  if (!pupil) throw notFound('PupilNotFound', 'no such pupil');
  const rows = await listConsentRows(db, input.schoolId, { pupilId: pupil.id });
  const records = rows.map(toConsentRecord);
  const details = canSeeSignatureDetails(actor, input.schoolId);
  return {
    pupilId: pupil.id,
    today: input.today,
    purposes: consentPurposes.map((purpose) => {
      const effective = consentStateOn(records, pupilOf(pupil), purpose, input.today);
      return {
        purpose,
        state: effective.state,
        holds: effective.holds,
        reasons: effective.reasons,
        endsOn: effective.endsOn ?? null,
        decisionId: effective.decision?.id ?? null,
      };
    }),
    history: [...rows].reverse().map((r) => ({
      id: r.id,
      purpose: r.purpose,
      state: r.state,
      source: sourceOf(r),
      carerId: r.carer_id,
      method: r.method,
      toldBy: r.told_by,
      evidenceReference: r.evidence_reference,
      evidenceSha256: r.evidence_sha256,
      signatureName: details ? r.signature_name : null,
      signedAt: r.signed_at?.toISOString() ?? null,
      signedIp: details ? r.signed_ip : null,
      givenOn: r.given_on,
      expiresOn: r.expires_on,
      recordedBy: r.recorded_by_label,
      recordedAt: r.recorded_at.toISOString(),
    })),
  };
}

/**
 * The school's effective social media consents today, per pupil id, for the check engine. A pupil with no
 * decision on record is simply absent (the engine reads that as no consent).
 */
export async function effectiveSocialMediaConsents(
  db: DbExecutor,
  schoolId: string,
  today: string,
): Promise<Map<string, SocialMediaConsent>> {
  const rows = await listConsentRows(db, schoolId, { purpose: 'social_media' });
  if (rows.length === 0) return new Map();
  const records = rows.map(toConsentRecord);
  const pupilIds = new Set(records.map((r) => r.pupilId));
  const pupils = (await listConsentPupils(db, schoolId)).filter((p) => pupilIds.has(p.id));
  const byPupil = new Map<string, typeof records>();
  for (const r of records) byPupil.set(r.pupilId, [...(byPupil.get(r.pupilId) ?? []), r]);
  const result = new Map<string, SocialMediaConsent>();
  for (const p of pupils) {
    const effective = consentStateOn(byPupil.get(p.id) ?? [], pupilOf(p), 'social_media', today);
    result.set(p.id, toPupilConsent(effective));
  }
  return result;
}

/**
 * Notes, once, that a grant stopped holding, and tells the subscribers (the post workflow re-checks every
 * published post featuring the pupil). Runs inside the caller's transaction.
 */
async function noteConsentLoss(
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

/**
 * Appends one decision (the caller has checked permission and validated it), audits it, and when it ends
 * a grant that held — or finds one that had already lapsed unnoticed — fires the consent-lost hook.
 */
export async function appendDecision(
  tx: DbExecutor,
  actor: Actor,
  input: DecisionInput,
  deps: ConsentDeps,
): Promise<ConsentRow> {
  const before = (
    await listConsentRows(tx, input.schoolId, { pupilId: input.pupil.id, purpose: input.purpose })
  ).map(toConsentRecord);
  const previous = consentStateOn(before, pupilOf(input.pupil), input.purpose, input.today);
  const e = input.evidence;
  const row: NewConsentRow = {
    school_id: input.schoolId,
    pupil_id: input.pupil.id,
    purpose: input.purpose,
    state: input.state,
    carer_id: input.carerId,
    method: e.method,
    evidence_reference: e.method === 'uploaded_form' ? e.reference : null,
    evidence_sha256: e.method === 'uploaded_form' ? e.sha256 : null,
    told_by: e.method === 'carer_told' ? e.toldBy : null,
    signature_name: e.method === 'e_signature' ? e.name : null,
    signed_at: e.method === 'e_signature' ? e.signedAt : null,
    signed_ip: e.method === 'e_signature' ? e.ip : null,
    link_id: e.method === 'e_signature' ? e.linkId : null,
    import_id: input.importId,
    given_on: input.givenOn,
    expires_on: input.expiresOn,
    recorded_by_staff_id: actor.kind === 'staff' ? actor.staffId : null,
    recorded_by_label: actor.kind === 'staff' ? actor.email : `system:${actor.label}`,
    recorded_at: input.at,
  };
  const inserted = await insertConsent(tx, row);
  await recordAudit(tx, {
    actor,
    schoolId: input.schoolId,
    at: input.at,
    event: {
      type: 'consent.recorded',
      subject: { type: 'consent', id: inserted.id },
      data: {
        pupilId: input.pupil.id,
        purpose: input.purpose,
        state: input.state,
        method: e.method,
        source: input.source,
        carerId: input.carerId,
        givenOn: input.givenOn,
        expiresOn: input.expiresOn,
      },
    },
  });
  const after = consentStateOn(
    [...before, toConsentRecord(inserted)],
    pupilOf(input.pupil),
    input.purpose,
    input.today,
  );
  const lost = previous.decision;
  if (lost && previous.holds && !after.holds && input.state !== 'granted') {
    await noteConsentLoss(tx, actor, deps, {
      schoolId: input.schoolId,
      consentId: lost.id,
      pupilId: input.pupil.id,
      purpose: input.purpose,
      reason: input.state,
      lostOn: input.givenOn,
      at: input.at,
    });
  }
  const lapsed = lossOf(previous);
  if (lost && lapsed) {
    await noteConsentLoss(tx, actor, deps, {
      schoolId: input.schoolId,
      consentId: lost.id,
      pupilId: input.pupil.id,
      purpose: input.purpose,
      reason: lapsed,
      lostOn: input.today,
      at: input.at,
    });
  }
  return inserted;
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
function decisionProblems(input: RecordConsentInput): string[] {
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

/** Records a carer's written decision on a signed form (SMT, headteacher, admin). */
export async function recordConsent(
  db: Db,
  actor: Actor,
  input: RecordConsentInput,
  now: Date,
  deps: ConsentDeps,
): Promise<ConsentRow> {
  if (!canRecordConsents(actor, input.schoolId))
    throw forbidden('ConsentRecordForbidden', 'only SMT, the headteacher or an admin may record consent');
  const problems = decisionProblems(input);
  if (problems.length > 0) throw invalid('InvalidConsent', problems[0] ?? 'invalid consent', problems);
  return db.transaction().execute(async (tx) => {
    const pupil = uuidPattern.test(input.pupilId)
      ? await findConsentPupil(tx, input.schoolId, input.pupilId)
      : undefined;
    if (!pupil) throw notFound('PupilNotFound', 'no such pupil');
    const carer = uuidPattern.test(input.carerId)
      ? await findCarerForPupil(tx, input.schoolId, input.carerId, pupil.id)
      : undefined;
    if (!carer?.parentalResponsibility)
      throw invalid(
        'CarerWithoutParentalResponsibility',
        'consent must come from a carer with parental responsibility for this pupil',
      );
    const reference = input.evidenceReference?.trim();
    return appendDecision(
      tx,
      actor,
      {
        schoolId: input.schoolId,
        pupil,
        purpose: input.purpose,
        state: input.state,
        carerId: carer.id,
        givenOn: input.givenOn,
        expiresOn: input.expiresOn ?? endOfAcademicYear(input.givenOn),
        evidence:
          // decisionProblems has refused a decision with neither writing nor how the carer told us.
          reference || input.evidenceSha256 !== undefined || !input.toldBy
            ? {
                method: 'uploaded_form',
                reference: reference ? reference : null,
                sha256: input.evidenceSha256 ?? null,
              }
            : { method: 'carer_told', toldBy: input.toldBy },
        importId: null,
        source: 'staff',
        today: input.today,
        at: now,
      },
      deps,
    );
  });
}

/**
 * The daily sweep: every grant that stopped holding since the last run (expired, or the pupil left) is
 * noted once and fires the consent-lost hook. Returns how many were found.
 */
export async function sweepLapsedConsents(
  db: Db,
  today: string,
  now: Date,
  deps: ConsentDeps,
): Promise<number> {
  const actor: Actor = { kind: 'system', label: 'consent-expiry' };
  let found = 0;
  for (const schoolId of await listSchoolIdsWithConsents(db)) {
    found += await db.transaction().execute(async (tx) => {
      const rows = await listConsentRows(tx, schoolId);
      const noted = await listNotedLosses(tx, schoolId);
      const pupils = new Map((await listConsentPupils(tx, schoolId)).map((p) => [p.id, p]));
      const records = rows.map(toConsentRecord);
      const pairs = new Set(records.map((r) => `${r.pupilId}|${r.purpose}`));
      let n = 0;
      for (const pair of pairs) {
        const [pupilId, purpose] = pair.split('|') as [string, ConsentPurpose];
        const pupil = pupils.get(pupilId);
        if (!pupil) continue;
        const effective = consentStateOn(records, pupilOf(pupil), purpose, today);
        const reason = lossOf(effective);
        if (!reason || !effective.decision || noted.has(effective.decision.id)) continue;
        const lostOn = reason === 'expired' ? (effective.endsOn ?? today) : (pupil.left_on ?? today);
        if (
          await noteConsentLoss(tx, actor, deps, {
            schoolId,
            consentId: effective.decision.id,
            pupilId,
            purpose,
            reason,
            lostOn,
            at: now,
          })
        )
          n += 1;
      }
      return n;
    });
  }
  return found;
}
