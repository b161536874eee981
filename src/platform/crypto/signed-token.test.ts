import { describe, expect, it } from 'vitest';
import { createKeyring, generateMasterKey } from './envelope.js';
import { openToken, signToken } from './signed-token.js';

describe('signed tokens', () => {
  const key = generateMasterKey();
  const keyring = createKeyring(key);
  const now = new Date('2026-12-03T09:00:00Z');
  const inAnHour = new Date('2026-12-03T10:00:00Z');
  const subject = '0f6b1c6e-5b7a-4d2b-9a63-1d7d5c2e9f10';

  it('opens to its subject until it expires', () => {
    const token = signToken(keyring, 'media', subject, inAnHour);
    expect(token.startsWith(`${subject}.`)).toBe(true);
    expect(openToken(keyring, 'media', token, now)).toBe(subject);
    expect(openToken(keyring, 'media', token, new Date('2026-12-03T09:59:59Z'))).toBe(subject);
    expect(openToken(keyring, 'media', token, inAnHour)).toBeUndefined();
  });

  it('opens nothing when altered, signed for another purpose or under an unknown key', () => {
    const token = signToken(keyring, 'media', subject, inAnHour);
    const [, expiry, mac] = token.split('.');
    // Another subject or a later expiry under the same MAC.
    expect(openToken(keyring, 'media', `1${subject.slice(1)}.${expiry}.${mac}`, now)).toBeUndefined();
    expect(openToken(keyring, 'media', `${subject}.${Number(expiry) + 3600}.${mac}`, now)).toBeUndefined();
    const flipped = `${mac?.[0] === 'A' ? 'B' : 'A'}${mac?.slice(1)}`;
    expect(openToken(keyring, 'media', `${subject}.${expiry}.${flipped}`, now)).toBeUndefined();
    expect(openToken(keyring, 'backup-link', token, now)).toBeUndefined();
    expect(openToken(createKeyring(generateMasterKey()), 'media', token, now)).toBeUndefined();
    for (const junk of ['', subject, `${subject}.1.x`, 'a.b.c', `../${token}`])
      expect(openToken(keyring, 'media', junk, now)).toBeUndefined();
  });

  it('still opens under the previous master key after a rotation', () => {
    const token = signToken(keyring, 'media', subject, inAnHour);
    const rotated = createKeyring(generateMasterKey(), [key]);
    expect(openToken(rotated, 'media', token, now)).toBe(subject);
  });

  it('refuses a subject that is not a plain id', () => {
    expect(() => signToken(keyring, 'media', 'a.b', inAnHour)).toThrow();
  });
});
