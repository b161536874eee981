import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeHash, followerKeys, nameWords, yearHints } from './follower-keys.js';
import { buildRosterKeyMap, keyedHasher, personKeys } from './roster-keys.js';

describe('follower name keys', () => {
  it('reads display names without emoji, case or accents', () => {
    expect(nameWords('Zoë  O’BRIEN 🌸')).toEqual(['zoe', 'obrien']);
  });

  it('finds years of birth a school sees in handles', () => {
    expect(yearHints('jkhan_2011', 2026)).toEqual([2011]);
    expect(yearHints('jess.khan09', 2026)).toEqual([2009]);
    expect(yearHints('born1975', 2026)).toEqual([]);
  });

  it('meets the roster’s keys: display name, nickname, handle split, initial with year', () => {
    const jessica = personKeys({
      kind: 'pupil',
      givenName: 'Jessica',
      familyName: 'Khan',
      dateOfBirth: '2011-05-02',
      status: 'current',
      yearGroup: 10,
    });
    const meets = (name: string, handle: string) =>
      followerKeys({ name, handle }, 2026)
        .filter((k) => jessica.includes(k.key))
        .map((k) => k.source);
    expect(meets('Jess Khan', '')).toContain('name');
    expect(meets('', 'jesskhan')).toContain('handle');
    expect(meets('', 'khan.jessica')).toContain('handle');
    expect(meets('', 'jkhan_2011')).toContain('handle_year');
    expect(meets('Jesica Kahn', '')).toContain('name_sound');
    expect(meets('Jessica Marlow', 'jm_2011')).toEqual([]);
  });

  it('answers carers only by full name, and never a leaver who is 18', () => {
    const map = buildRosterKeyMap(
      [
        { kind: 'carer', givenName: 'Delphine', familyName: 'Marwood', childYearGroups: [7] },
        {
          kind: 'pupil',
          givenName: 'Cosmo',
          familyName: 'Grise',
          dateOfBirth: '2001-01-01',
          status: 'left',
          leftOn: '2019-07-20',
        },
      ],
      '2026-11-24',
    );
    expect(map.get('n:delphine|marwood')).toEqual([{ kind: 'carer', detail: 'carer of a pupil in Year 7' }]);
    expect(map.get('n:cosmo|grise')).toBeUndefined();
  });

  it('hashes as HMAC-SHA-256 does, truncated to 16 characters', () => {
    const key = randomBytes(32);
    const expected = encodeHash(createHmac('sha256', key).update('n:jess|khan').digest());
    expect(keyedHasher(key)('n:jess|khan')).toBe(expected);
    expect(expected).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });
});
