import path from 'node:path';
import type { Keyring } from '../crypto/envelope.js';
import type { JobHandler, ScheduleDefinition } from '../jobs/worker.js';
import { writeAuditCheckpoints } from './checkpoint.js';

export const AUDIT_CHECKPOINT_QUEUE = 'audit.checkpoint';

/**
 * Hourly: a rewrite of history is caught from the next checkpoint on, so the hour is how long an edit of
 * the newest rows could go unseen, against a file that grows by one line per chain per run.
 */
export const auditSchedules: readonly ScheduleDefinition[] = [
  { name: 'audit.checkpoint', queue: AUDIT_CHECKPOINT_QUEUE, spec: 'every 1h' },
];

/** Where checkpoints go when GUARDPOST_AUDIT_CHECKPOINT_DIR is not set. */
export function auditCheckpointDirOf(config: {
  dataDir: string;
  auditCheckpointDir?: string | undefined;
}): string {
  return config.auditCheckpointDir ?? path.join(config.dataDir, 'audit-checkpoints');
}

/**
 * The checkpoint job. Its effect is outside the database (a file and a log line), so it runs at least
 * once: a repeated run appends the same heads again, which verifies just as well.
 */
export function auditJobHandlers(options: { keyring: Keyring; dir: string }): Record<string, JobHandler> {
  return {
    [AUDIT_CHECKPOINT_QUEUE]: async ({ db, clock, logger }) => {
      await writeAuditCheckpoints(db, {
        keyring: options.keyring,
        dir: options.dir,
        logger,
        now: clock.now(),
      });
    },
  };
}
