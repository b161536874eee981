import type { IsoDate } from '../platform/calendar/dates.js';
import type { ConsentDecision, ConsentPurpose } from './consent.table.js';

/**
 * The consent rules of clause 2.4, pure: which written decision holds for a pupil and purpose on a day,
 * and why. No I/O, so every rule is tested on its own.
 */

/** One recorded decision, as the rules need it. */
export interface ConsentRecord {
  id: string;
  pupilId: string;
  purpose: ConsentPurpose;
  state: ConsentDecision;
  givenOn: IsoDate;
  /** The last day the decision holds. */
  expiresOn: IsoDate;
  /** Recording order, the tie-break between two decisions of the same day. */
  seq: number;
}

export interface ConsentPupil {
  id: string;
  status: 'current' | 'left';
  leftOn: IsoDate | null;
}

export type ConsentReason =
  | 'no_record'
  | 'granted'
  | 'refused'
  | 'withdrawn'
  | 'expired'
  | 'pupil_left'
  | 'ends_when_pupil_leaves';

export type EffectiveConsentState = 'granted' | 'refused' | 'withdrawn' | 'expired' | 'pupil_left' | 'none';

export interface EffectiveConsent {
  state: EffectiveConsentState;
  /** True only when a photo of the pupil may be published for this purpose today. */
  holds: boolean;
  reasons: ConsentReason[];
  /** The decision that counts today (the latest one given on or before today), if any. */
  decision: ConsentRecord | undefined;
  /** When a granted consent stops holding: its expiry, or the day before the pupil leaves if sooner. */
  endsOn: IsoDate | undefined;
}

function dayBefore(date: IsoDate): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** 31 August ending the academic year (September to August) that holds `date`: the default expiry. */
export function endOfAcademicYear(date: IsoDate): IsoDate {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return `${month >= 9 ? year + 1 : year}-08-31`;
}

/** The decision that counts on `today`: the latest given on or before it (ties go to the later recorded). */
export function currentDecision(
  records: readonly ConsentRecord[],
  pupilId: string,
  purpose: ConsentPurpose,
  today: IsoDate,
): ConsentRecord | undefined {
  let best: ConsentRecord | undefined;
  for (const r of records) {
    if (r.pupilId !== pupilId || r.purpose !== purpose || r.givenOn > today) continue;
    if (!best || r.givenOn > best.givenOn || (r.givenOn === best.givenOn && r.seq > best.seq)) best = r;
  }
  return best;
}

/**
 * The effective consent of a pupil for a purpose on a day, with the reasons. A newer decision supersedes
 * older ones; a grant holds until its expiry and never after the pupil leaves.
 */
export function consentStateOn(
  records: readonly ConsentRecord[],
  pupil: ConsentPupil,
  purpose: ConsentPurpose,
  today: IsoDate,
): EffectiveConsent {
  const decision = currentDecision(records, pupil.id, purpose, today);
  if (!decision) return { state: 'none', holds: false, reasons: ['no_record'], decision, endsOn: undefined };
  if (decision.state !== 'granted') {
    return { state: decision.state, holds: false, reasons: [decision.state], decision, endsOn: undefined };
  }
  const hasLeft = pupil.status === 'left' && (pupil.leftOn === null || pupil.leftOn <= today);
  if (hasLeft)
    return {
      state: 'pupil_left',
      holds: false,
      reasons: ['granted', 'pupil_left'],
      decision,
      endsOn: undefined,
    };
  const leaving = pupil.leftOn !== null && pupil.leftOn > today ? dayBefore(pupil.leftOn) : undefined;
  const endsOn = leaving !== undefined && leaving < decision.expiresOn ? leaving : decision.expiresOn;
  const reasons: ConsentReason[] = ['granted'];
  if (endsOn !== decision.expiresOn) reasons.push('ends_when_pupil_leaves');
  if (endsOn < today)
    return { state: 'expired', holds: false, reasons: [...reasons, 'expired'], decision, endsOn };
  return { state: 'granted', holds: true, reasons, decision, endsOn };
}

/**
 * A social-media consent as the checks read it: whether a grant holds, and until when. The same shape as
 * the check engine's PupilConsent, so the checks take it as it is and consent imports nothing of theirs.
 */
export interface SocialMediaConsent {
  state: 'granted' | 'refused' | 'withdrawn' | 'none';
  /** ISO date after which the grant no longer holds. */
  expiresOn?: string;
}

/** The checks' view of an effective consent (they only need to know whether a grant holds). */
export function toPupilConsent(effective: EffectiveConsent): SocialMediaConsent {
  switch (effective.state) {
    case 'granted':
      return effective.endsOn === undefined
        ? { state: 'granted' }
        : { state: 'granted', expiresOn: effective.endsOn };
    case 'refused':
    case 'withdrawn':
      return { state: effective.state };
    default:
      return { state: 'none' };
  }
}

/**
 * Why a grant that held stopped holding, when it did: the moment the post workflow must re-check what
 * it published. Undefined while it still holds, or when it never was a grant.
 */
export function lossOf(effective: EffectiveConsent): 'expired' | 'pupil_left' | undefined {
  if (effective.decision?.state !== 'granted') return undefined;
  return effective.state === 'expired' || effective.state === 'pupil_left' ? effective.state : undefined;
}
