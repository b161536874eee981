import type { Actor } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import type { ConsentDeps } from './consent.events.js';
import {
  listConsentPupils,
  listConsentRows,
  listNotedLosses,
  listSchoolIdsWithConsents,
  toConsentRecord,
} from './consent.repository.js';
import type { ConsentPurpose } from './consent.table.js';
import { consentStateOn, lossOf } from './consent-rules.js';
import { noteConsentLoss, pupilOf } from './consent-views.js';

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
