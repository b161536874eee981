import type { Db } from '../platform/db/database.js';
import { invalid } from '../platform/errors.js';
import type { ConsentDeps } from './consent.events.js';
import {
  claimConsentLink,
  findCarerForPupil,
  findConsentPupil,
  listConsentRows,
  toConsentRecord,
} from './consent.repository.js';
import type { ConsentDecision } from './consent.table.js';
import { appendDecision } from './consent-decisions.js';
import { carerActor, invalidLink, usableLink } from './consent-link.js';
import { consentStateOn, endOfAcademicYear } from './consent-rules.js';

/**
 * The carer's decision through the link: the typed name, the time and the address it came from are kept
 * as the written evidence. Refusing while a grant holds records a withdrawal (and fires the re-check).
 */
export async function signConsentLink(
  db: Db,
  input: { token: string; name: string; decision: 'grant' | 'refuse'; ip: string },
  now: Date,
  today: string,
  deps: ConsentDeps,
): Promise<{ state: ConsentDecision; expiresOn: string }> {
  const name = input.name.trim().replace(/\s+/g, ' ');
  if (name.length < 2 || name.length > 200 || /\p{Cc}/u.test(name))
    throw invalid('InvalidSignature', 'type your full name (2 to 200 characters) to sign');
  const link = await usableLink(db, input.token, now);
  return db.transaction().execute(async (tx) => {
    if (!(await claimConsentLink(tx, link.id, now))) throw invalidLink();
    const pupil = await findConsentPupil(tx, link.school_id, link.pupil_id);
    const carer = await findCarerForPupil(tx, link.school_id, link.carer_id, link.pupil_id);
    if (!pupil || !carer?.parentalResponsibility)
      throw invalid(
        'CarerWithoutParentalResponsibility',
        'the school no longer holds you as this child’s carer',
      );
    const records = (
      await listConsentRows(tx, link.school_id, { pupilId: pupil.id, purpose: link.purpose })
    ).map(toConsentRecord);
    const current = consentStateOn(
      records,
      { id: pupil.id, status: pupil.status, leftOn: pupil.left_on },
      link.purpose,
      today,
    );
    const state: ConsentDecision =
      input.decision === 'grant' ? 'granted' : current.holds ? 'withdrawn' : 'refused';
    const expiresOn = endOfAcademicYear(today);
    await appendDecision(
      tx,
      carerActor,
      {
        schoolId: link.school_id,
        pupil,
        purpose: link.purpose,
        state,
        carerId: carer.id,
        givenOn: today,
        expiresOn,
        evidence: { method: 'e_signature', name, signedAt: now, ip: input.ip, linkId: link.id },
        importId: null,
        source: 'e_signature',
        today,
        at: now,
      },
      deps,
    );
    return { state, expiresOn };
  });
}
