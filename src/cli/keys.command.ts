import type { Command } from 'commander';
import { recordAudit } from '../platform/audit/audit.js';
import { rotateDataKeys } from '../platform/crypto/data-keys.js';
import { loadKeyring } from '../platform/crypto/keyring.js';
import { createLogger } from '../platform/logger.js';
import { cliActor, withDatabase } from './context.js';
import { printJson, printLine } from './output.js';

export function registerKeysCommands(program: Command): void {
  const keys = program.command('keys').description('master keys protecting safeguarding content');

  keys
    .command('rotate')
    .description(
      're-wrap every data key under GUARDPOST_MASTER_KEY (keep the old key in GUARDPOST_PREVIOUS_MASTER_KEYS ' +
        'until this finishes); content is not re-encrypted',
    )
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const result = await withDatabase(async ({ config, db, clock }) => {
        const keyring = loadKeyring(config, createLogger(config.logLevel));
        const rotated = await rotateDataKeys(db, keyring, clock.now());
        await db.transaction().execute((tx) =>
          recordAudit(tx, {
            actor: cliActor,
            schoolId: null,
            event: {
              type: 'crypto.keys_rotated',
              subject: { type: 'master_key', id: rotated.currentKeyId },
              data: { rewrapped: rotated.rewrapped },
            },
            at: clock.now(),
          }),
        );
        return rotated;
      });
      if (options.json) printJson(result);
      else
        printLine(
          `Re-wrapped ${result.rewrapped} data keys under master key ${result.currentKeyId} ` +
            `(${result.alreadyCurrent} were already under it). The previous key is no longer needed.`,
        );
    });
}
