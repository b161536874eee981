import type { PupilConsent } from '../checks/engine/types.js';
import type { DbExecutor } from '../platform/db/database.js';
import { listConsentPupils, listConsentRows, toConsentRecord } from './consent.repository.js';
import { consentStateOn, toPupilConsent } from './consent-rules.js';
import { pupilOf } from './consent-views.js';

/**
 * The school's effective social media consents today, per pupil id, for the check engine. A pupil with no
 * decision on record is simply absent (the engine reads that as no consent).
 */
export async function effectiveSocialMediaConsents(
  db: DbExecutor,
  schoolId: string,
  today: string,
): Promise<Map<string, PupilConsent>> {
  const rows = await listConsentRows(db, schoolId, { purpose: 'social_media' });
  if (rows.length === 0) return new Map();
  const records = rows.map(toConsentRecord);
  const pupilIds = new Set(records.map((r) => r.pupilId));
  const pupils = (await listConsentPupils(db, schoolId)).filter((p) => pupilIds.has(p.id));
  const byPupil = new Map<string, typeof records>();
  for (const r of records) byPupil.set(r.pupilId, [...(byPupil.get(r.pupilId) ?? []), r]);
  const result = new Map<string, PupilConsent>();
  for (const p of pupils) {
    const effective = consentStateOn(byPupil.get(p.id) ?? [], pupilOf(p), 'social_media', today);
    result.set(p.id, toPupilConsent(effective));
  }
  return result;
}
