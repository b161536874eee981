import type { Keyring } from '../platform/crypto/envelope.js';
import type { JobHandler, ScheduleDefinition } from '../platform/jobs/worker.js';
import { CONCERN_ESCALATE_QUEUE } from './concern-alerting.js';
import { escalateConcernIn } from './escalate-concern.js';
import { CONCERN_TRANSFER_SCAN_QUEUE, openTransferTasksIn } from './open-transfer-tasks.js';

/**
 * Job handlers of the concerns domain, for the worker (alongside the email handlers). Both act only on
 * the database, so each runs in the job's own transaction: done exactly once, whatever the worker does.
 */
export function concernJobHandlers(keyring: Keyring): Record<string, JobHandler> {
  return {
    [CONCERN_ESCALATE_QUEUE]: async ({ clock, job, completeInTransaction }) => {
      const { concernId, level } = job.payload;
      if (typeof concernId !== 'string' || typeof level !== 'number')
        throw new Error('escalation job payload needs concernId and level');
      await completeInTransaction((tx) =>
        escalateConcernIn(tx, { keyring, now: clock.now() }, { concernId, level }),
      );
    },
    [CONCERN_TRANSFER_SCAN_QUEUE]: async ({ clock, completeInTransaction }) => {
      await completeInTransaction((tx) => openTransferTasksIn(tx, clock.now()));
    },
  };
}

/** Leavers are looked for every hour, so a roster import's leavers get their transfer task the same day. */
export const concernSchedules: ScheduleDefinition[] = [
  { name: 'concerns.transfer_scan', queue: CONCERN_TRANSFER_SCAN_QUEUE, spec: 'every 60m' },
];
