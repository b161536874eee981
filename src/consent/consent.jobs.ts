import type { JobHandler, ScheduleDefinition } from '../platform/jobs/worker.js';
import type { ConsentDeps } from './consent.events.js';
import { sweepLapsedConsents } from './sweep-lapsed-consents.js';

export const CONSENT_LAPSE_QUEUE = 'consent.lapse_sweep';

/** Daily at 00:30 London time: grants that expired yesterday, or whose pupil left. */
export const consentSchedules: readonly ScheduleDefinition[] = [
  { name: 'consent.lapse_sweep', queue: CONSENT_LAPSE_QUEUE, spec: '30 0 * * *' },
];

/** The lapse sweep, which tells `deps.onConsentLost` of every grant it finds ended. */
export function consentJobHandlers(deps: ConsentDeps): Record<string, JobHandler> {
  return {
    [CONSENT_LAPSE_QUEUE]: async ({ db, clock }) => {
      await sweepLapsedConsents(db, clock.today(), clock.now(), deps);
    },
  };
}
