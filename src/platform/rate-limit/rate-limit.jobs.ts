import type { JobHandler, ScheduleDefinition } from '../jobs/worker.js';
import { sweepExpiredCounters } from './counters.js';

export const RATE_LIMIT_SWEEP_QUEUE = 'rate_limit.sweep';

/** Counters of addresses and accounts that never came back would pile up; the sweep deletes expired ones. */
export const rateLimitSchedules: readonly ScheduleDefinition[] = [
  { name: 'rate_limit.sweep', queue: RATE_LIMIT_SWEEP_QUEUE, spec: 'every 15m' },
];

export const rateLimitJobHandlers: Record<string, JobHandler> = {
  [RATE_LIMIT_SWEEP_QUEUE]: async ({ db, clock, logger }) => {
    const deleted = await sweepExpiredCounters(db, clock.now());
    if (deleted > 0) logger.debug({ deleted }, 'expired rate limit counters deleted');
  },
};
