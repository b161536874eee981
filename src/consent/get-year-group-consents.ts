import type { Actor } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';
import { forbidden, invalid } from '../platform/errors.js';
import { canReadConsents } from './consent.permissions.js';
import { listConsentRowsForPupils, listYearGroupPupils, toConsentRecord } from './consent.repository.js';
import { type ConsentPurpose, consentPurposes } from './consent.table.js';
import { consentStateOn, type EffectiveConsentState } from './consent-rules.js';

/**
 * The consent register per class: pupils keep only a year group (the roster has no form or tutor group),
 * so a "class" here is a year group. Each pupil on roll with their consent per purpose today, and counts.
 */

export interface YearGroupPupilConsent {
  pupilId: string;
  givenName: string;
  familyName: string;
  preferredName: string | null;
  purposes: {
    purpose: ConsentPurpose;
    state: EffectiveConsentState;
    holds: boolean;
    endsOn: string | null;
  }[];
}

export type ConsentCounts = Record<EffectiveConsentState, number> & { holds: number };

export interface YearGroupConsents {
  yearGroup: number;
  today: string;
  pupils: YearGroupPupilConsent[];
  counts: Record<ConsentPurpose, ConsentCounts>;
}

function emptyCounts(): ConsentCounts {
  return { granted: 0, refused: 0, withdrawn: 0, expired: 0, pupil_left: 0, none: 0, holds: 0 };
}

/** Every member of staff of the school may read it, like one pupil's consent (they tag pupils in photos). */
export async function getYearGroupConsents(
  db: DbExecutor,
  actor: Actor,
  input: { schoolId: string; yearGroup: number; today: string },
): Promise<YearGroupConsents> {
  if (!canReadConsents(actor, input.schoolId))
    throw forbidden('ConsentForbidden', 'you do not work at this school');
  if (!Number.isInteger(input.yearGroup) || input.yearGroup < 0 || input.yearGroup > 14)
    throw invalid('InvalidYearGroup', 'year group: a whole number from 0 (Reception) to 14');
  const pupils = await listYearGroupPupils(db, input.schoolId, input.yearGroup);
  const records = (
    await listConsentRowsForPupils(
      db,
      input.schoolId,
      pupils.map((p) => p.id),
    )
  ).map(toConsentRecord);
  const counts = Object.fromEntries(consentPurposes.map((p) => [p, emptyCounts()])) as Record<
    ConsentPurpose,
    ConsentCounts
  >;
  const rows = pupils.map((pupil) => ({
    pupilId: pupil.id,
    givenName: pupil.given_name,
    familyName: pupil.family_name,
    preferredName: pupil.preferred_name,
    purposes: consentPurposes.map((purpose) => {
      const effective = consentStateOn(
        records,
        { id: pupil.id, status: pupil.status, leftOn: pupil.left_on },
        purpose,
        input.today,
      );
      const tally = counts[purpose];
      tally[effective.state]++;
      if (effective.holds) tally.holds++;
      return { purpose, state: effective.state, holds: effective.holds, endsOn: effective.endsOn ?? null };
    }),
  }));
  return { yearGroup: input.yearGroup, today: input.today, pupils: rows, counts };
}
