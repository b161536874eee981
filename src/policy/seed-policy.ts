import { readFileSync } from 'node:fs';
import type { IsoDate } from '../platform/calendar/dates.js';

/**
 * The seed policy: Take 1 Studios' staff social media policy, as the school wrote it. Its cover sheet gives
 * the review history (written 15/09/15; reviewed 01/11/2017, 15/03/18, 21/02/19, 29/08/19; next 29/08/20).
 */
export interface SeedPolicy {
  label: string;
  documentText: string;
  effectiveFrom: IsoDate;
  nextReviewDue: IsoDate;
  history: { kind: 'written' | 'reviewed'; on: IsoDate }[];
}

// Resolved from this file's location so it works from src/ (tsx, tests) and dist/ (built) alike.
const seedPolicyFile = new URL('../../policies/take1-studios-social-media-policy.txt', import.meta.url);

export function loadSeedPolicy(): SeedPolicy {
  return {
    label: '2019-08',
    documentText: readFileSync(seedPolicyFile, 'utf8'),
    effectiveFrom: '2019-08-29',
    nextReviewDue: '2020-08-29',
    history: [
      { kind: 'written', on: '2015-09-15' },
      { kind: 'reviewed', on: '2017-11-01' },
      { kind: 'reviewed', on: '2018-03-15' },
      { kind: 'reviewed', on: '2019-02-21' },
      { kind: 'reviewed', on: '2019-08-29' },
    ],
  };
}
