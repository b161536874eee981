import type { Db } from '../platform/db/database.js';
import { findConsentPupil, findSchoolName } from './consent.repository.js';
import type { ConsentPurpose } from './consent.table.js';
import { invalidLink, usableLink } from './consent-link.js';

/** What the carer's page shows: the school, the child's first name, the purpose. */
export async function getConsentRequest(
  db: Db,
  token: string,
  now: Date,
): Promise<{ schoolName: string; pupilGivenName: string; purpose: ConsentPurpose; expiresAt: Date }> {
  const link = await usableLink(db, token, now);
  const pupil = await findConsentPupil(db, link.school_id, link.pupil_id);
  if (!pupil) throw invalidLink();
  return {
    schoolName: (await findSchoolName(db, link.school_id)) ?? '',
    pupilGivenName: pupil.given_name,
    purpose: link.purpose,
    expiresAt: link.expires_at,
  };
}
