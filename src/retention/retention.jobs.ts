import type { JobHandler, ScheduleDefinition } from '../platform/jobs/worker.js';
import { applyRetention } from './apply-retention.js';

export const RETENTION_QUEUE = 'retention.daily';

/** Daily at 03:15 London time, after the night's backup (02:30 by default), so a backup holds the day. */
export const retentionSchedules: readonly ScheduleDefinition[] = [
  { name: 'retention.daily', queue: RETENTION_QUEUE, spec: '15 3 * * *' },
];

/** Each rule runs in its own transaction with its tombstone; a repeat finds nothing more to destroy. */
export const retentionJobHandlers: Record<string, JobHandler> = {
  [RETENTION_QUEUE]: async ({ db, clock, logger }) => {
    const results = await applyRetention(db, clock);
    logger.info(
      { destroyed: Object.fromEntries(results.map((r) => [r.ruleId, r.destroyed])) },
      'retention run finished',
    );
  },
};
