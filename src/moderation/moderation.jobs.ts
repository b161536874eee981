import type { CheckContextCache } from '../checks/check-context.js';
import type { Keyring } from '../platform/crypto/envelope.js';
import type { JobHandler, ScheduleDefinition } from '../platform/jobs/worker.js';
import { checkAllDirectMessages } from './check-all-direct-messages.js';
import { escalateOverdueItems } from './escalate-overdue-items.js';
import type { ModerationConnections } from './moderation-connections.js';
import { readDueFeeds } from './moderation-ingest.js';

export const MODERATION_SCAN_QUEUE = 'moderation.scan';
export const MODERATION_SLA_QUEUE = 'moderation.sla';
export const MODERATION_DM_QUEUE = 'moderation.direct_messages';

/**
 * The moderation jobs: the scan reads every feed that is due (each feed keeps its own next read time, from
 * the school's "read every N minutes" setting, or a platform's Retry-After); the SLA scan escalates each blocked
 * comment nobody acted on; the direct-message check runs daily (clause 2.7).
 */
export function moderationJobHandlers(deps: {
  keyring: Keyring;
  checkContexts: CheckContextCache;
  connections: ModerationConnections;
}): Record<string, JobHandler> {
  return {
    [MODERATION_SCAN_QUEUE]: async ({ db, clock }) => {
      await readDueFeeds({ db, now: clock.now(), ...deps });
    },
    [MODERATION_SLA_QUEUE]: async ({ clock, completeInTransaction }) => {
      await completeInTransaction((tx) => escalateOverdueItems(tx, clock.now()));
    },
    [MODERATION_DM_QUEUE]: async ({ db, clock, logger }) => {
      const result = await checkAllDirectMessages({ db, now: clock.now(), connections: deps.connections });
      if (result.failed.length > 0) {
        // Account ids and error codes only: the job is retried with backoff and checks only those left.
        logger.warn({ failed: result.failed, checked: result.checked }, 'direct-message check incomplete');
        throw new Error(
          `the direct-message check failed for ${result.failed.length} account(s) (${[...new Set(result.failed.map((f) => f.code))].join(', ')}); a retry checks only those`,
        );
      }
    },
  };
}

export const moderationSchedules: ScheduleDefinition[] = [
  { name: 'moderation.scan', queue: MODERATION_SCAN_QUEUE, spec: 'every 1m' },
  { name: 'moderation.sla', queue: MODERATION_SLA_QUEUE, spec: 'every 1m' },
  { name: 'moderation.direct_messages', queue: MODERATION_DM_QUEUE, spec: '0 7 * * *' },
];
