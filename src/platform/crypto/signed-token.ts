import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { Keyring, MasterKey } from './envelope.js';

/**
 * Short-lived bearer tokens for one thing (`<subject>.<expiry>.<mac>`), signed with a key derived from the
 * master key for one purpose, so a token minted for one use never opens another and the master key itself
 * never signs anything. The subject is readable (it is an id, not a secret); without the MAC it opens nothing.
 * A token still verifies under a previous master key until it expires, so a key rotation does not break a
 * link a platform is about to fetch.
 */

const macBytes = 32;

function signingKeyOf(master: MasterKey, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master.key, Buffer.alloc(0), `guardpost:${purpose}:token:v1`, 32));
}

function macOf(key: Buffer, subject: string, expiresAtSeconds: number): Buffer {
  return createHmac('sha256', key).update(`${subject}\n${expiresAtSeconds}`).digest().subarray(0, macBytes);
}

/** A token for `subject` (no dots, no slashes) that stops opening at `expiresAt`. */
export function signToken(keyring: Keyring, purpose: string, subject: string, expiresAt: Date): string {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(subject)) throw new Error('a token subject is a plain id');
  const expiresAtSeconds = Math.floor(expiresAt.getTime() / 1000);
  const mac = macOf(signingKeyOf(keyring.current, purpose), subject, expiresAtSeconds);
  return `${subject}.${expiresAtSeconds}.${mac.toString('base64url')}`;
}

/**
 * The subject of a token signed for `purpose` that has not expired at `now`; undefined for anything else
 * (altered, signed for another purpose or with an unknown key, expired, malformed), without saying which.
 */
export function openToken(keyring: Keyring, purpose: string, token: string, now: Date): string | undefined {
  const match = /^([A-Za-z0-9_-]{1,100})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return undefined;
  const [, subject = '', expiry = '', mac = ''] = match;
  const expiresAtSeconds = Number(expiry);
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== macBytes) return undefined;
  const signedByUs = [...keyring.byId.values()].some((master) =>
    timingSafeEqual(given, macOf(signingKeyOf(master, purpose), subject, expiresAtSeconds)),
  );
  if (!signedByUs) return undefined;
  return expiresAtSeconds * 1000 > now.getTime() ? subject : undefined;
}
