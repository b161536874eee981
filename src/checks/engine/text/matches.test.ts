import { describe, expect, it } from 'vitest';
import { matchesOf } from './matches.js';

const asMatchAll = (pattern: RegExp, text: string) =>
  [...text.matchAll(pattern)].map((m) => [m.index, m[0], ...m.slice(1)]);
const asMatchesOf = (pattern: RegExp, text: string) =>
  matchesOf(pattern, text).map((m) => [m.index, m[0], ...m.slice(1)]);

describe('matchesOf', () => {
  it('finds what matchAll finds, groups included, and leaves the pattern at 0', () => {
    const pattern = /(\d+)-(\w)/g;
    const text = 'a 12-b, 3-c and 45-d';
    expect(asMatchesOf(pattern, text)).toEqual(asMatchAll(pattern, text));
    expect(pattern.lastIndex).toBe(0);
    expect(matchesOf(pattern, 'no digits')).toEqual([]);
  });

  it('steps past empty matches, a whole code point in unicode mode', () => {
    expect(asMatchesOf(/x*/g, 'axxb')).toEqual(asMatchAll(/x*/g, 'axxb'));
    expect(asMatchesOf(/x*/gu, 'a😀x')).toEqual(asMatchAll(/x*/gu, 'a😀x'));
  });

  it('refuses a pattern that is not global, as matchAll does', () => {
    expect(() => matchesOf(/a/, 'a')).toThrow(TypeError);
  });
});
