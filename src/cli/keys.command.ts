import type { Command } from 'commander';
import { recordAudit } from '../platform/audit/audit.js';
import { sealPlainOidcSecrets } from '../platform/auth/oidc-secret.js';
import { type RotationResult, rotateDataKeys } from '../platform/crypto/data-keys.js';
import type { Keyring } from '../platform/crypto/envelope.js';
import type { Db } from '../platform/db/database.js';
import { cliActor, withDatabase } from './context.js';
import { printJson, printLine } from './output.js';

/**
 * What `guardpost keys rotate` does: seals any OpenID client secret still in plain text (a server not
 * started since the upgrade), so it ends under the new key like everything else, then re-wraps every data
 * key (concerns, evidence, client secrets, kept photo originals) under the current master key, and audits
 * the rotation.
 */
export async function rotateKeys(db: Db, keyring: Keyring, now: Date): Promise<RotationResult> {
  await sealPlainOidcSecrets(db, keyring, now);
  const rotated = await rotateDataKeys(db, keyring, now);
  await db.transaction().execute((tx) =>
    recordAudit(tx, {
      actor: cliActor,
      schoolId: null,
      event: {
        type: 'crypto.keys_rotated',
        subject: { type: 'master_key', id: rotated.currentKeyId },
        data: { rewrapped: rotated.rewrapped },
      },
      at: now,
    }),
  );
  return rotated;
}

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
      const result = await withDatabase(({ db, clock, keyring }) => rotateKeys(db, keyring, clock.now()));
      if (options.json) printJson(result);
      else
        printLine(
          `Re-wrapped ${result.rewrapped} data keys under master key ${result.currentKeyId} ` +
            `(${result.alreadyCurrent} were already under it). The previous key is no longer needed.`,
        );
    });
}
