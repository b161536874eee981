import { type ApiResponse, api } from './client';

/** The consent register per class (a year group: the roster has no form groups), from src/consent/. */

export type YearGroupConsents = ApiResponse<'/api/consents/year-groups/{yearGroup}'>;
export type ClassConsentPupil = YearGroupConsents['pupils'][number];
export type ConsentCounts = YearGroupConsents['counts'][keyof YearGroupConsents['counts']];

export function fetchYearGroupConsents(yearGroup: number, signal?: AbortSignal) {
  return api.get('/api/consents/year-groups/{yearGroup}', { path: { yearGroup }, signal });
}
