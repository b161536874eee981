import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { HASH_BYTES } from './follower-keys.js';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** base64url of the first HASH_BYTES bytes (a multiple of 3: no padding), as `encodeHash` writes it. */
function encodeTruncated(digest: Uint8Array): string {
  let out = '';
  for (let i = 0; i < HASH_BYTES; i += 3) {
    const n = ((digest[i] as number) << 16) | ((digest[i + 1] as number) << 8) | (digest[i + 2] as number);
    out += alphabet[n >>> 18]! + alphabet[(n >>> 12) & 63]! + alphabet[(n >>> 6) & 63]! + alphabet[n & 63]!;
  }
  return out;
}

/**
 * The browser's side of the self-audit hashing: HMAC-SHA-256 with the session key, truncated and encoded as
 * the server's `keyedHasher` (roster-keys.ts) does, byte for byte. Synchronous (@noble/hashes) because
 * WebCrypto's `sign` is one promise per key, and tens of thousands of them cost most of the one-second
 * budget; the keyed inner and outer states are computed once and copied into one scratch state per key.
 */
export function sessionHasher(hmacKey: Uint8Array): (message: string) => string {
  const keyed = hmac.create(sha256, hmacKey);
  const scratch = keyed.clone();
  const encoder = new TextEncoder();
  const digest = new Uint8Array(sha256.outputLen);
  return (message) => {
    keyed._cloneInto(scratch);
    scratch.update(encoder.encode(message)).digestInto(digest);
    return encodeTruncated(digest);
  };
}
