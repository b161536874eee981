import type { Actor } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';
import { forbidden, notFound } from '../platform/errors.js';
import { canReadConsents, canSeeSignatureDetails } from './consent.permissions.js';
import { findConsentPupil, listConsentRows, toConsentRecord } from './consent.repository.js';
import { consentPurposes } from './consent.table.js';
import { consentStateOn } from './consent-rules.js';
import { type PupilConsents, pupilOf, sourceOf, uuidPattern } from './consent-views.js';

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
