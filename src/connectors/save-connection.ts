import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Keyring } from '../platform/crypto/envelope.js';
import type { DbExecutor } from '../platform/db/database.js';
import { type SealedSecrets, sealCredentials } from './connection-credentials.js';
import { findConnectionByAccount, upsertConnection } from './connections.repository.js';
import type { PlatformConnectionRow } from './connections.table.js';

export interface SaveConnectionInput {
  schoolId: string;
  accountId: string;
  platform: string;
  baseUrl: string;
  platformAccountId: string;
  handle: string;
  secrets: SealedSecrets;
  actor: Actor;
  now: Date;
}

/**
 * Stores a working connection for an account (after an OAuth exchange or a Bluesky session, or the demo
 * school's seed), sealing its tokens, with its audit event, in the caller's transaction. A reconnect
 * replaces the row's tokens; the data key of the old ones is deleted so they cannot be opened again.
 * The caller has checked permission and that the account is approved.
 */
export async function saveConnection(
  tx: DbExecutor,
  keyring: Keyring,
  input: SaveConnectionInput,
): Promise<PlatformConnectionRow> {
  const previous = await findConnectionByAccount(tx, input.accountId, { forUpdate: true });
  const sealed = await sealCredentials(tx, keyring, {
    schoolId: input.schoolId,
    accountId: input.accountId,
    secrets: input.secrets,
    now: input.now,
  });
  const row = await upsertConnection(tx, {
    account_id: input.accountId,
    school_id: input.schoolId,
    platform: input.platform,
    base_url: input.baseUrl,
    platform_account_id: input.platformAccountId,
    handle: input.handle,
    ...sealed,
    token_expires_at: input.secrets.expiresAt ?? null,
    status: 'connected',
    last_error: null,
    connected_by_staff_id: input.actor.kind === 'staff' ? input.actor.staffId : null,
    connected_at: input.now,
  });
  if (previous?.credentials_key_id)
    await tx.deleteFrom('data_keys').where('id', '=', previous.credentials_key_id).execute();
  await recordAudit(tx, {
    actor: input.actor,
    schoolId: input.schoolId,
    at: input.now,
    event: {
      type: 'connection.connected',
      subject: { type: 'account', id: input.accountId },
      data: {
        platform: input.platform,
        baseUrl: input.baseUrl,
        platformAccountId: input.platformAccountId,
        handle: input.handle,
      },
    },
  });
  return row;
}
