import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { recordAudit } from '../platform/audit/audit.js';
import { backupAndAudit } from '../platform/backup/backup.jobs.js';
import { restoreBackup } from '../platform/backup/backup.js';
import type { BackupSecret } from '../platform/backup/backup-file.js';
import { systemClock } from '../platform/clock.js';
import { loadConfig } from '../platform/config.js';
import { loadKeyring } from '../platform/crypto/keyring.js';
import { createDb, dbOptionsFromConfig, engineOf } from '../platform/db/create-db.js';
import { invalid } from '../platform/errors.js';
import { createLogger } from '../platform/logger.js';
import { cliActor } from './context.js';
import { printJson, printLine } from './output.js';

async function secretFrom(
  options: { passphraseFile?: string },
  config: ReturnType<typeof loadConfig>,
): Promise<BackupSecret> {
  if (options.passphraseFile === undefined)
    return { keyring: loadKeyring(config, createLogger(config.logLevel)) };
  let text: string;
  try {
    text = await readFile(options.passphraseFile, 'utf8');
  } catch {
    throw invalid(
      'BackupPassphraseFileNotFound',
      `cannot read the passphrase file ${options.passphraseFile}`,
    );
  }
  // The first line is the passphrase: a trailing newline from an editor is not part of it.
  return { passphrase: text.split(/\r?\n/)[0] ?? '' };
}

export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .argument('<file>', 'where to write the backup (written through FILE.partial, then renamed)')
    .description(
      'write a consistent, compressed, encrypted backup of the whole database (embedded or PostgreSQL); ' +
        'the embedded database must not be open in a running Guardpost (its scheduled backup runs inside it)',
    )
    .option(
      '--passphrase-file <file>',
      'encrypt under a passphrase (first line of the file, 12+ characters) instead of a key derived from the master key',
    )
    .option('--json', 'print JSON')
    .action(async (file: string, options: { passphraseFile?: string; json?: boolean }) => {
      const config = loadConfig();
      const secret = await secretFrom(options, config);
      const db = createDb(dbOptionsFromConfig(config));
      try {
        const summary = await backupAndAudit(db, {
          file,
          secret,
          engine: engineOf(config),
          now: systemClock.now(),
          actor: cliActor,
          scheduled: false,
        });
        if (options.json) printJson(summary);
        else
          printLine(
            `Backed up ${summary.rows} rows from ${summary.tables} tables (${summary.migrations} migrations) to ${summary.file}, ${summary.bytes} bytes.`,
          );
      } finally {
        await db.destroy();
      }
    });

  program
    .command('restore')
    .argument('<file>', 'a file written by `guardpost backup` or the scheduled backup')
    .description(
      'restore a backup into an EMPTY database (a new PostgreSQL database, or an empty GUARDPOST_DATA_DIR); ' +
        'refuses a non-empty database, a backup from a newer release, a wrong key and a damaged file',
    )
    .option('--passphrase-file <file>', 'the passphrase the backup was taken with (first line of the file)')
    .option('--json', 'print JSON')
    .action(async (file: string, options: { passphraseFile?: string; json?: boolean }) => {
      const config = loadConfig();
      const secret = await secretFrom(options, config);
      const keyring = 'keyring' in secret ? secret.keyring : loadKeyring(config);
      const db = createDb(dbOptionsFromConfig(config));
      try {
        const restored = await restoreBackup(db, { file, secret });
        await db.transaction().execute((tx) =>
          recordAudit(tx, {
            actor: cliActor,
            schoolId: null,
            event: {
              type: 'backup.restored',
              subject: { type: 'deployment', id: 'backup' },
              data: {
                takenAt: restored.createdAt,
                fromEngine: restored.engine,
                tables: restored.tables,
                rows: restored.rows,
                migratedAfter: restored.migratedAfter.length,
              },
            },
          }),
        );
        // Safeguarding content stays sealed under the master key it was wrapped with: say so if it is absent.
        const wrappers = await db.selectFrom('data_keys').select('master_key_id').distinct().execute();
        const missing = wrappers.map((w) => w.master_key_id).filter((id) => !keyring.byId.has(id));
        if (options.json) printJson({ ...restored, missingMasterKeys: missing });
        else {
          printLine(
            `Restored ${restored.rows} rows in ${restored.tables} tables from a backup taken ${restored.createdAt} (${restored.engine}).`,
          );
          if (restored.migratedAfter.length > 0)
            printLine(`Then applied ${restored.migratedAfter.length} newer migration(s).`);
          if (missing.length > 0)
            printLine(
              `Warning: concerns and kept photos are sealed under master key(s) ${missing.join(', ')}, which are not configured: set GUARDPOST_MASTER_KEY or GUARDPOST_PREVIOUS_MASTER_KEYS to them before starting.`,
            );
        }
      } finally {
        await db.destroy();
      }
    });
}
