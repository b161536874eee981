import { describe, expect, it } from 'vitest';
import { fuzzTexts } from '../testing/fuzz-texts.js';
import { foldWord } from './fold.js';
import { tokenizeWords, type WordToken } from './tokens.js';

// The tokenizer as it was before it read the text chunk by chunk (kept as the reference it must match).
const wordPattern = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)*/gu;
const camelSplit = /(?<=\p{Ll})(?=\p{Lu})|(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})/u;
function referenceTokenize(text: string): WordToken[] {
  const tokens: WordToken[] = [];
  let prevEnd = 0;
  let tagActive = false;
  const make = (raw: string, start: number, gap: string, sentenceStart: boolean, inTag: boolean) => ({
    raw,
    start,
    end: start + raw.length,
    norm: foldWord(raw.replace(/['’]s$/i, '')),
    cap: /^\p{Lu}/u.test(raw),
    sentenceStart,
    inTag,
    gapBefore: gap,
  });
  for (const match of text.matchAll(wordPattern)) {
    const raw = match[0];
    const start = match.index;
    const gap = text.slice(prevEnd, start);
    const sentenceStart = tokens.length === 0 || /[.!?\n]/.test(gap);
    if (gap === '' || /\s/.test(gap)) tagActive = false;
    if (gap.endsWith('#') || gap.endsWith('@')) tagActive = true;
    if (tagActive && /\p{Ll}\p{Lu}/u.test(raw)) {
      let offset = start;
      raw.split(camelSplit).forEach((part, k) => {
        tokens.push(make(part, offset, k === 0 ? gap : '', k === 0 && sentenceStart, true));
        offset += part.length;
      });
    } else tokens.push(make(raw, start, gap, sentenceStart, tagActive));
    prevEnd = start + raw.length;
  }
  return tokens;
}

describe('tokenizeWords', () => {
  it('gives the same tokens as the word-by-word reference on generated texts', () => {
    const texts = fuzzTexts(3000);
    for (const text of texts) expect(tokenizeWords(text), text).toEqual(referenceTokenize(text));
    // Twice: the second pass reads the chunk cache.
    for (const text of texts) expect(tokenizeWords(text), text).toEqual(referenceTokenize(text));
  });

  it('keeps the gap, sentence start and tag of the first word of each chunk', () => {
    const tokens = tokenizeWords('Well done. #WellDone\u00a0@Amelia_Jones x');
    expect(tokens.map((t) => [t.raw, t.gapBefore, t.sentenceStart, t.inTag])).toEqual([
      ['Well', '', true, false],
      ['done', ' ', false, false],
      ['Well', '. #', true, true],
      ['Done', '', false, true],
      ['Amelia', '\u00a0@', false, true],
      ['Jones', '_', false, true],
      ['x', ' ', false, false],
    ]);
  });
});
