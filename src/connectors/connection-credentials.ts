import { createDataKey, loadDataKey } from '../platform/crypto/data-keys.js';
import { type Keyring, open, seal } from '../platform/crypto/envelope.js';
import type { DbExecutor } from '../platform/db/database.js';
import { isAppError, unavailable } from '../platform/errors.js';
import type { ConnectorCredentials, RefreshedCredentials } from './connector.js';

/**
 * A connection's tokens are sealed like an OpenID client secret (platform/auth/oidc-secret.ts): their own
 * data key, wrapped by the master key (so `guardpost keys rotate` re-wraps it), and AES-256-GCM ciphertext
 * bound to the school and account, so a sealed value copied onto another row does not open.
 */

/** What is sealed: the secret parts of `ConnectorCredentials` (the rest is plain on the row). */
export interface SealedSecrets {
  accessToken: string;
  refreshToken?: string | undefined;
  expiresAt?: Date | undefined;
  /** A per-instance OAuth app (Mastodon), needed to refresh and to revoke at the platform. */
  clientId?: string | undefined;
  clientSecret?: string | undefined;
}

interface SealedJson {
  accessToken: string;
  refreshToken?: string;
  expiresAt?: string;
  clientId?: string;
  clientSecret?: string;
}

const credentialsContext = (schoolId: string, accountId: string) =>
  `platform-connection:${schoolId}:${accountId}:credentials`;

function toJson(secrets: SealedSecrets): string {
  const json: SealedJson = { accessToken: secrets.accessToken };
  if (secrets.refreshToken) json.refreshToken = secrets.refreshToken;
  if (secrets.expiresAt) json.expiresAt = secrets.expiresAt.toISOString();
  if (secrets.clientId) json.clientId = secrets.clientId;
  if (secrets.clientSecret) json.clientSecret = secrets.clientSecret;
  return JSON.stringify(json);
}

function fromJson(text: string): SealedSecrets {
  const json = JSON.parse(text) as SealedJson;
  return {
    accessToken: json.accessToken,
    refreshToken: json.refreshToken,
    expiresAt: json.expiresAt ? new Date(json.expiresAt) : undefined,
    clientId: json.clientId,
    clientSecret: json.clientSecret,
  };
}

/** Seals tokens under a fresh data key (inside the caller's transaction). */
export async function sealCredentials(
  tx: DbExecutor,
  keyring: Keyring,
  input: { schoolId: string; accountId: string; secrets: SealedSecrets; now: Date },
): Promise<{ credentials_key_id: string; credentials_sealed: Buffer }> {
  const key = await createDataKey(tx, keyring, { schoolId: input.schoolId, now: input.now });
  return {
    credentials_key_id: key.id,
    credentials_sealed: seal(
      key.key,
      toJson(input.secrets),
      credentialsContext(input.schoolId, input.accountId),
    ),
  };
}

/** Seals new tokens under the row's existing data key (a refresh: the key stays, the ciphertext changes). */
export async function resealCredentials(
  tx: DbExecutor,
  keyring: Keyring,
  row: { school_id: string; account_id: string; credentials_key_id: string },
  secrets: SealedSecrets,
): Promise<Buffer> {
  const key = await loadDataKey(tx, keyring, row.credentials_key_id);
  return seal(key, toJson(secrets), credentialsContext(row.school_id, row.account_id));
}

/**
 * Opens a connection's sealed tokens. A master key that is missing or wrong gives
 * `ConnectionCredentialsUnreadable`, whose message names the setting to check and never a token.
 */
export async function openCredentials(
  db: DbExecutor,
  keyring: Keyring,
  row: {
    school_id: string;
    account_id: string;
    credentials_key_id: string;
    credentials_sealed: Buffer | Uint8Array;
  },
): Promise<SealedSecrets> {
  try {
    const key = await loadDataKey(db, keyring, row.credentials_key_id);
    return fromJson(
      open(key, row.credentials_sealed, credentialsContext(row.school_id, row.account_id)).toString('utf8'),
    );
  } catch (error) {
    if (isAppError(error) && (error.code === 'MasterKeyMissing' || error.code === 'DecryptionFailed')) {
      throw unavailable(
        'ConnectionCredentialsUnreadable',
        "this account's platform connection could not be decrypted: the server's GUARDPOST_MASTER_KEY " +
          '(or GUARDPOST_PREVIOUS_MASTER_KEYS) does not match the key it was stored under',
      );
    }
    throw error;
  }
}

/** The connector's view of a connection: plain row fields plus the opened secrets. */
export function connectorCredentialsOf(
  row: { base_url: string; platform_account_id: string },
  secrets: SealedSecrets,
): ConnectorCredentials {
  const credentials: ConnectorCredentials = {
    baseUrl: row.base_url,
    accessToken: secrets.accessToken,
    accountId: row.platform_account_id,
  };
  if (secrets.refreshToken) credentials.refreshToken = secrets.refreshToken;
  if (secrets.expiresAt) credentials.expiresAt = secrets.expiresAt;
  if (secrets.clientId) credentials.clientId = secrets.clientId;
  if (secrets.clientSecret) credentials.clientSecret = secrets.clientSecret;
  return credentials;
}

/** Secrets after a refresh: the new tokens over the old (a platform may keep the refresh token). */
export function mergeRefreshed(previous: SealedSecrets, refreshed: RefreshedCredentials): SealedSecrets {
  return {
    ...previous,
    accessToken: refreshed.accessToken,
    refreshToken: refreshed.refreshToken ?? previous.refreshToken,
    expiresAt: refreshed.expiresAt,
  };
}
