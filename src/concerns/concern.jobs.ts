import type { Keyring } from '../platform/crypto/envelope.js';
import type { JobHandler } from '../platform/jobs/worker.js';
import { CONCERN_ESCALATE_QUEUE, escalateConcern } from './concerns.service.js';

/** Job handlers of the concerns domain, for the worker (alongside the email handlers). */
export function concernJobHandlers(keyring: Keyring): Record<string, JobHandler> {
  return {
    [CONCERN_ESCALATE_QUEUE]: async ({ db, clock, job }) => {
      const { concernId, level } = job.payload;
      if (typeof concernId !== 'string' || typeof level !== 'number')
        throw new Error('escalation job payload needs concernId and level');
      await escalateConcern({ db, keyring, now: clock.now() }, { concernId, level });
    },
  };
}
