import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';
import type { ConsentDeps } from './consent.events.js';
import { insertConsent, listConsentRows, toConsentRecord } from './consent.repository.js';
import type { ConsentRow, NewConsentRow } from './consent.table.js';
import { consentStateOn, lossOf } from './consent-rules.js';
import { type DecisionInput, noteConsentLoss, pupilOf } from './consent-views.js';

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
