import type { JobHandler, ScheduleDefinition } from '../platform/jobs/worker.js';
import { BLOCK_LIST_UPDATE_QUEUE, updateEveryBlockList } from './update-every-block-list.js';

/** The block lists are refreshed weekly, Sunday 03:00 London time, when an address is configured. */
export const blockListSchedules: readonly ScheduleDefinition[] = [
  { name: 'checks.block-lists-update', queue: BLOCK_LIST_UPDATE_QUEUE, spec: '0 3 * * 0' },
];

/** The update job, given the configured address (none: no job and no schedule). */
export function blockListJobHandlers(url: string): Record<string, JobHandler> {
  return {
    [BLOCK_LIST_UPDATE_QUEUE]: async ({ db, clock, logger }) => {
      await updateEveryBlockList(db, url, clock, logger);
    },
  };
}
