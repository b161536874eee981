import { describe, expect, it } from 'vitest';
import {
  findUnstorableCharacter,
  findUnstorableFields,
  removeUnstorableCharacters,
  withoutUnstorableCharacters,
} from './storable-text.js';

describe('storable text', () => {
  it('finds NUL and lone surrogates, not paired ones', () => {
    expect(findUnstorableCharacter('plain text, café 😀')).toBeUndefined();
    expect(findUnstorableCharacter('ab\u0000c')).toEqual({ kind: 'nul', index: 2 });
    expect(findUnstorableCharacter('x\uD83D')).toEqual({ kind: 'lone_surrogate', index: 1 });
    expect(findUnstorableCharacter('\uDE00x')).toEqual({ kind: 'lone_surrogate', index: 0 });
  });

  it('removes NUL and replaces a lone surrogate, keeping the rest', () => {
    expect(removeUnstorableCharacters('a\u0000b\uD800c😀')).toBe('ab\uFFFDc😀');
  });

  it('names every field, keys included, in a deeply nested value without overflowing', () => {
    expect(
      findUnstorableFields({ a: 'ok', b: ['x', 'y\u0000'], 'k\u0000': 1, c: { d: '\uDC00' } }, 'body'),
    ).toEqual([
      { field: 'body.b.1', kind: 'nul' },
      { field: 'body.c.d', kind: 'lone_surrogate' },
      { field: 'body.k', kind: 'nul' },
    ]);
    let deep: unknown = 'bottom\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnstorableFields(deep, 'body')).toHaveLength(1);
    expect(withoutUnstorableCharacters({ a: ['x\u0000'] })).toEqual({ a: ['x'] });
    expect(() => withoutUnstorableCharacters(deep)).not.toThrow();
  });
});
