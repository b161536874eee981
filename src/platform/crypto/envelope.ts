import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { AppError } from '../errors.js';

/**
 * Envelope encryption for safeguarding content: every record or file gets its own random AES-256-GCM data
 * key; the data key is stored wrapped (encrypted) by a master key that never touches the database. Rotating
 * the master key re-wraps data keys and leaves the (possibly large) content alone.
 */

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
/** First byte of every sealed value, so the format can change without guessing. */
const FORMAT_V1 = 1;

export interface MasterKey {
  /** Derived from the key itself, so the same key has the same id wherever it is configured. */
  readonly id: string;
  readonly key: Buffer;
}

export interface Keyring {
  /** New data keys are wrapped by this one. */
  readonly current: MasterKey;
  /** Every key that can unwrap, current included. */
  readonly byId: ReadonlyMap<string, MasterKey>;
}

/** A data key as stored: which master key wrapped it and the wrapped bytes (iv | tag | ciphertext). */
export interface WrappedDataKey {
  readonly masterKeyId: string;
  readonly wrapped: Buffer;
}

/** Thrown when sealed content or a wrapped key fails authentication (altered, swapped or wrong key). */
export function decryptionFailed(): AppError {
  return new AppError(
    'unavailable',
    'DecryptionFailed',
    'protected content could not be decrypted: it was altered or the key is wrong',
  );
}

export function masterKeyIdOf(key: Buffer): string {
  return createHash('sha256').update('guardpost-master-key-id\n').update(key).digest('hex').slice(0, 16);
}

export function masterKeyFrom(key: Buffer): MasterKey {
  if (key.length !== KEY_BYTES) throw new Error(`a master key is ${KEY_BYTES} bytes, got ${key.length}`);
  return { id: masterKeyIdOf(key), key: Buffer.from(key) };
}

/** A keyring from the current master key and any earlier ones still needed to unwrap. */
export function createKeyring(current: Buffer, previous: readonly Buffer[] = []): Keyring {
  const currentKey = masterKeyFrom(current);
  const byId = new Map<string, MasterKey>();
  for (const key of previous) {
    const master = masterKeyFrom(key);
    byId.set(master.id, master);
  }
  byId.set(currentKey.id, currentKey);
  return { current: currentKey, byId };
}

export function generateMasterKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

function encrypt(key: Buffer, plaintext: Buffer, aad: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([FORMAT_V1]), iv, cipher.getAuthTag(), body]);
}

function decrypt(key: Buffer, sealed: Buffer, aad: string): Buffer {
  if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== FORMAT_V1) throw decryptionFailed();
  const iv = sealed.subarray(1, 1 + IV_BYTES);
  const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const body = sealed.subarray(1 + IV_BYTES + TAG_BYTES);
  try {
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw decryptionFailed();
  }
}

// The wrapped key is bound to its data key id, so a wrapped key copied onto another row does not open.
const wrapAad = (dataKeyId: string) => `guardpost:data-key:${dataKeyId}`;

/** A fresh random data key and its wrapped form under the keyring's current master key. */
export function generateDataKey(
  keyring: Keyring,
  dataKeyId: string,
): { key: Buffer; wrapped: WrappedDataKey } {
  const key = randomBytes(KEY_BYTES);
  return { key, wrapped: wrapDataKey(keyring, dataKeyId, key) };
}

export function wrapDataKey(keyring: Keyring, dataKeyId: string, key: Buffer): WrappedDataKey {
  return { masterKeyId: keyring.current.id, wrapped: encrypt(keyring.current.key, key, wrapAad(dataKeyId)) };
}

export function unwrapDataKey(keyring: Keyring, dataKeyId: string, stored: WrappedDataKey): Buffer {
  const master = keyring.byId.get(stored.masterKeyId);
  if (!master)
    throw new AppError(
      'unavailable',
      'MasterKeyMissing',
      `master key ${stored.masterKeyId} is not configured: set it in GUARDPOST_PREVIOUS_MASTER_KEYS`,
    );
  return decrypt(master.key, stored.wrapped, wrapAad(dataKeyId));
}

/**
 * Encrypts content with a data key. `context` names what the content is (`concern:<id>:content`) and is
 * authenticated, so sealed bytes moved to another record or field fail to open.
 */
export function seal(dataKey: Buffer, plaintext: Buffer | string, context: string): Buffer {
  return encrypt(
    dataKey,
    typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext,
    context,
  );
}

export function open(dataKey: Buffer, sealed: Buffer | Uint8Array, context: string): Buffer {
  return decrypt(dataKey, Buffer.from(sealed), context);
}
