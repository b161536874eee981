import type { CheckContextCache } from '../checks/check-context.js';
import type { Actor } from '../platform/auth/roles.js';
import type { JobHandler, ScheduleDefinition } from '../platform/jobs/worker.js';
import type { AupCheckOptions } from './aup-check.js';
import { runApprovalExpiry } from './expire-approvals.js';
import { recheckApprovedAccounts } from './verify-account-aup.js';

export const AUP_RECHECK_QUEUE = 'accounts.aup_recheck';
export const APPROVAL_EXPIRY_QUEUE = 'accounts.approval_expiry';

/** Weekly AUP re-check (Monday 06:00 London time) and the daily approval expiry and reminders (05:00). */
export const accountSchedules: readonly ScheduleDefinition[] = [
  { name: 'accounts.aup-recheck', queue: AUP_RECHECK_QUEUE, spec: '0 6 * * 1' },
  { name: 'accounts.approval-expiry', queue: APPROVAL_EXPIRY_QUEUE, spec: '0 5 * * *' },
];

const jobActor: Actor = { kind: 'system', label: 'accounts.jobs' };

/** The register's job handlers, for the worker. */
export function accountJobHandlers(
  options: AupCheckOptions,
  contexts: CheckContextCache,
): Record<string, JobHandler> {
  return {
    [AUP_RECHECK_QUEUE]: async ({ db, clock, logger }) => {
      const results = await recheckApprovedAccounts(db, jobActor, {
        ...options,
        clock,
        trigger: 'scheduled',
      });
      const count = (r: string) => results.filter((x) => x.result === r).length;
      logger.info(
        {
          checked: results.length,
          found: count('found'),
          notFound: count('not_found'),
          couldNotCheck: count('could_not_check'),
        },
        'AUP links re-checked',
      );
    },
    [APPROVAL_EXPIRY_QUEUE]: async ({ db, clock, logger }) => {
      const outcome = await runApprovalExpiry(db, { clock, contexts });
      logger.info(outcome, 'account approvals reviewed');
    },
  };
}
