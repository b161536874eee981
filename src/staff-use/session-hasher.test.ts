import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateDemoRoster } from '../demo/demo-people.js';
import { followerKeys } from './follower-keys.js';
import { hashKeyNode, keyedHasher, personKeys } from './roster-keys.js';
import { sessionHasher } from './session-hasher.js';

describe('the browser’s session hasher', () => {
  it('gives the server’s hashes, byte for byte, for every key of a roster and of followers', () => {
    const roster = generateDemoRoster('2026-11-24', 7);
    const keys = new Set<string>();
    for (const p of roster.pupils) for (const k of personKeys({ kind: 'pupil', ...p })) keys.add(k);
    for (const c of roster.carers)
      for (const k of followerKeys({ name: `${c.givenName} ${c.familyName}`, handle: '' }, 2026))
        keys.add(k.key);
    // Edges: empty, multi-byte text, a message longer than one SHA-256 block, exactly one block.
    for (const k of ['', 'n:zoë|o’brien', '🌸'.repeat(40), 'x'.repeat(55), 'x'.repeat(64), 'y'.repeat(200)])
      keys.add(k);
    expect(keys.size).toBeGreaterThan(2_000);
    for (const keyLength of [32, 16, 64]) {
      const key = randomBytes(keyLength);
      const server = keyedHasher(key);
      const browser = sessionHasher(key);
      const mismatches = [...keys].filter(
        (k) => browser(k) !== server(k) || browser(k) !== hashKeyNode(key, k),
      );
      expect(mismatches).toEqual([]);
    }
  });

  it('gives a different hash under a different session key', () => {
    const a = sessionHasher(randomBytes(32));
    const b = sessionHasher(randomBytes(32));
    expect(a('n:jessica|khan')).not.toBe(b('n:jessica|khan'));
    expect(a('n:jessica|khan')).toBe(a('n:jessica|khan'));
  });
});
