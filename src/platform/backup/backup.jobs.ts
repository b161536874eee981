import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit.js';
import type { Actor } from '../auth/roles.js';
import type { Keyring } from '../crypto/envelope.js';
import type { DbEngine } from '../db/create-db.js';
import type { Database } from '../db/database.js';
import type { JobHandler, ScheduleDefinition } from '../jobs/worker.js';
import { type BackupSummary, takeBackup } from './backup.js';
import type { BackupSecret } from './backup-file.js';

export const BACKUP_QUEUE = 'backup.scheduled';
const SCHEDULED_NAME = /^guardpost-\d{8}-\d{6}\.gpbackup$/;

/** The embedded database's backup schedule; PostgreSQL is backed up by its own tools or `guardpost backup`. */
export function backupSchedules(spec: string | undefined): ScheduleDefinition[] {
  return spec ? [{ name: 'backup.scheduled', queue: BACKUP_QUEUE, spec }] : [];
}

/** Where scheduled backups go when GUARDPOST_BACKUP_DIR is not set. */
export function backupDirOf(config: { dataDir: string; backupDir?: string | undefined }): string {
  return config.backupDir ?? path.join(config.dataDir, 'backups');
}

function stampOf(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/** Takes a backup, audits it (after: a backup is read-only), and says so in the deployment's chain. */
export async function backupAndAudit(
  db: Kysely<Database>,
  options: {
    file: string;
    secret: BackupSecret;
    engine: DbEngine;
    now: Date;
    actor: Actor;
    scheduled: boolean;
  },
): Promise<BackupSummary> {
  const summary = await takeBackup(db, options);
  await db.transaction().execute((tx) =>
    recordAudit(tx, {
      actor: options.actor,
      schoolId: null,
      event: {
        type: 'backup.taken',
        subject: { type: 'deployment', id: 'backup' },
        data: {
          tables: summary.tables,
          rows: summary.rows,
          key: 'keyring' in options.secret ? 'master' : 'passphrase',
          scheduled: options.scheduled,
        },
      },
      at: options.now,
    }),
  );
  return summary;
}

/**
 * One scheduled backup into `dir` (named by its UTC time), then the oldest scheduled backups beyond `keep`
 * are removed. Files of other names in the folder are never touched.
 */
export async function runScheduledBackup(
  db: Kysely<Database>,
  options: { dir: string; keep: number; keyring: Keyring; engine: DbEngine; now: Date },
): Promise<{ summary: BackupSummary; removed: string[] }> {
  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  const file = path.join(options.dir, `guardpost-${stampOf(options.now)}.gpbackup`);
  const summary = await backupAndAudit(db, {
    file,
    secret: { keyring: options.keyring },
    engine: options.engine,
    now: options.now,
    actor: { kind: 'system', label: 'backup' },
    scheduled: true,
  });
  const kept = (await readdir(options.dir)).filter((name) => SCHEDULED_NAME.test(name)).sort();
  const removed = kept.slice(0, Math.max(0, kept.length - options.keep));
  for (const name of removed) await rm(path.join(options.dir, name), { force: true });
  return { summary, removed };
}

/** The scheduled backup job: its effect is a file, so it runs at least once (a repeat is a second file). */
export function backupJobHandlers(options: {
  keyring: Keyring;
  dir: string;
  keep: number;
  engine: DbEngine;
}): Record<string, JobHandler> {
  return {
    [BACKUP_QUEUE]: async ({ db, clock, logger }) => {
      const { summary, removed } = await runScheduledBackup(db, { ...options, now: clock.now() });
      logger.info(
        { file: summary.file, rows: summary.rows, bytes: summary.bytes, removed: removed.length },
        'scheduled backup written',
      );
    },
  };
}
