import { api } from './client';
import type { ConsentPurpose, ConsentState } from './consents';

/** The consent register per class (a year group: the roster has no form groups), from src/consent/. */

export interface ClassConsentPupil {
  pupilId: string;
  givenName: string;
  familyName: string;
  preferredName: string | null;
  purposes: { purpose: ConsentPurpose; state: ConsentState; holds: boolean; endsOn: string | null }[];
}

export type ConsentCounts = Record<ConsentState, number> & { holds: number };

export interface YearGroupConsents {
  yearGroup: number;
  today: string;
  pupils: ClassConsentPupil[];
  counts: Record<ConsentPurpose, ConsentCounts>;
}

export function fetchYearGroupConsents(yearGroup: number, signal?: AbortSignal): Promise<YearGroupConsents> {
  return api.get<YearGroupConsents>(`/api/consents/year-groups/${yearGroup}`, { signal });
}
