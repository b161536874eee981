import { timingSafeEqual } from 'node:crypto';

/** Compares two secrets (tokens, signatures) in time that does not depend on where they first differ. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
