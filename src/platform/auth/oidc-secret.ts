import { recordAudit } from '../audit/audit.js';
import { createDataKey, loadDataKey } from '../crypto/data-keys.js';
import { type Keyring, open, seal } from '../crypto/envelope.js';
import type { Db, DbExecutor } from '../db/database.js';
import { isAppError, unavailable } from '../errors.js';

/**
 * A school's OpenID Connect client secret is sealed like safeguarding content: its own data key, wrapped by
 * the master key (so `guardpost keys rotate` re-wraps it with the rest), and AES-256-GCM ciphertext bound to
 * the school. Only the sign-in flow opens it; the settings API only says whether one is set.
 */

const secretContext = (schoolId: string) => `school-auth-settings:${schoolId}:oidc-client-secret`;

export interface SealedOidcSecret {
  oidc_client_secret_key_id: string;
  oidc_client_secret_sealed: Buffer;
}

/** Seals a new secret under a fresh data key (inside the caller's transaction). */
export async function sealOidcSecret(
  tx: DbExecutor,
  keyring: Keyring,
  input: { schoolId: string; secret: string; now: Date },
): Promise<SealedOidcSecret> {
  const key = await createDataKey(tx, keyring, { schoolId: input.schoolId, now: input.now });
  return {
    oidc_client_secret_key_id: key.id,
    oidc_client_secret_sealed: seal(key.key, input.secret, secretContext(input.schoolId)),
  };
}

/** Deletes a data key no row uses any more, so a replaced or removed secret cannot be opened again. */
export async function forgetDataKey(tx: DbExecutor, dataKeyId: string | null): Promise<void> {
  if (dataKeyId) await tx.deleteFrom('data_keys').where('id', '=', dataKeyId).execute();
}

/**
 * Opens a school's sealed secret. A master key that is missing or wrong gives `OidcSecretUnreadable`,
 * whose message names the setting to check and never the secret.
 */
export async function openOidcSecret(
  db: DbExecutor,
  keyring: Keyring,
  row: {
    school_id: string;
    oidc_client_secret_key_id: string;
    oidc_client_secret_sealed: Buffer | Uint8Array;
  },
): Promise<string> {
  try {
    const key = await loadDataKey(db, keyring, row.oidc_client_secret_key_id);
    return open(key, row.oidc_client_secret_sealed, secretContext(row.school_id)).toString('utf8');
  } catch (error) {
    if (isAppError(error) && (error.code === 'MasterKeyMissing' || error.code === 'DecryptionFailed')) {
      throw unavailable(
        'OidcSecretUnreadable',
        "this school's single sign-on secret could not be decrypted: the server's GUARDPOST_MASTER_KEY " +
          '(or GUARDPOST_PREVIOUS_MASTER_KEYS) does not match the key it was stored under',
      );
    }
    throw error;
  }
}

/**
 * Seals any client secret still held in plain text (stored before secrets were encrypted) and clears the
 * plain value in the same transaction, one school at a time, with a system audit event. Safe to run from
 * several processes at once: a row already sealed, or locked by another process, is skipped.
 * Returns how many secrets were sealed.
 */
export async function sealPlainOidcSecrets(
  db: Db,
  keyring: Keyring,
  now: Date,
  onlySchoolId?: string,
): Promise<number> {
  let query = db
    .selectFrom('school_auth_settings')
    .select('school_id')
    .where('oidc_client_secret', 'is not', null);
  if (onlySchoolId) query = query.where('school_id', '=', onlySchoolId);
  const pending = await query.execute();
  let sealed = 0;
  for (const { school_id: schoolId } of pending) {
    const done = await db.transaction().execute(async (tx) => {
      const row = await tx
        .selectFrom('school_auth_settings')
        .select(['oidc_client_secret'])
        .where('school_id', '=', schoolId)
        .where('oidc_client_secret', 'is not', null)
        .forUpdate()
        .executeTakeFirst();
      if (!row?.oidc_client_secret) return false;
      const secret = await sealOidcSecret(tx, keyring, { schoolId, secret: row.oidc_client_secret, now });
      await tx
        .updateTable('school_auth_settings')
        .set({ ...secret, oidc_client_secret: null })
        .where('school_id', '=', schoolId)
        .execute();
      await recordAudit(tx, {
        actor: { kind: 'system', label: 'oidc-secret-sealing' },
        schoolId,
        at: now,
        event: {
          type: 'auth.oidc_secret_sealed',
          subject: { type: 'school', id: schoolId },
          data: { masterKeyId: keyring.current.id },
        },
      });
      return true;
    });
    if (done) sealed++;
  }
  return sealed;
}
