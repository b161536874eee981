import { foldWord } from './fold.js';
import { matchesOf } from './matches.js';

/** A word of the text, as the name detector sees it. */
export interface WordToken {
  /** The original characters. */
  raw: string;
  start: number;
  end: number;
  /** Folded form, possessive `'s` removed. */
  norm: string;
  /** First letter is upper case. */
  cap: boolean;
  /** First word of a sentence (or of the text). */
  sentenceStart: boolean;
  /** Part of a hashtag or @handle. */
  inTag: boolean;
  /** Whether whitespace or punctuation separates it from the previous token (false inside CamelCase). */
  gapBefore: string;
}

// Letters and digits with inner apostrophes (O'Brien, Amelia's); hyphens and underscores split words so
// Smith-Jones and amelia_jones become two tokens, matched as a sequence.
const wordPattern = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)*/gu;
const camelSplit = /(?<=\p{Ll})(?=\p{Lu})|(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})/u;
const possessive = /['’]s$/i;
const upper = /^\p{Lu}/u;
const hasInnerUpper = /\p{Ll}\p{Lu}/u;

/** Whether a gap between words holds a sentence end (`.`, `!`, `?` or a new line). */
function endsSentence(gap: string): boolean {
  for (let i = 0; i < gap.length; i += 1) {
    const c = gap.charCodeAt(i);
    if (c === 46 || c === 33 || c === 63 || c === 10) return true;
  }
  return false;
}

const space = /\s/;

function hasSpace(gap: string): boolean {
  for (let i = 0; i < gap.length; i += 1) {
    const c = gap.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13) || c === 160) return true;
    if (c > 255 && space.test(gap[i] as string)) return true;
  }
  return false;
}

// The same words recur in every text: their folded form is worked out once (bounded).
const normCache = new Map<string, string>();
const normCacheLimit = 50_000;

function normOf(raw: string): string {
  let norm = normCache.get(raw);
  if (norm === undefined) {
    norm = foldWord(raw.replace(possessive, ''));
    if (normCache.size >= normCacheLimit) normCache.clear();
    normCache.set(raw, norm);
  }
  return norm;
}

function startsUpper(raw: string): boolean {
  const c = raw.charCodeAt(0);
  if (c < 128) return c >= 65 && c <= 90;
  return upper.test(raw);
}

export function tokenizeWords(text: string): WordToken[] {
  const tokens: WordToken[] = [];
  let prevEnd = 0;
  let tagActive = false;
  for (const match of matchesOf(wordPattern, text)) {
    const raw = match[0];
    const start = match.index;
    const gap = start === prevEnd ? '' : text.slice(prevEnd, start);
    const sentenceStart = tokens.length === 0 || endsSentence(gap);
    if (gap === '' || hasSpace(gap)) tagActive = false;
    const gapLast = gap[gap.length - 1];
    if (gapLast === '#' || gapLast === '@') tagActive = true;
    const inTag = tagActive;
    if (inTag && hasInnerUpper.test(raw)) {
      // #WellDoneAmeliaJones: split CamelCase so each part is a word.
      let offset = start;
      let first = true;
      for (const part of raw.split(camelSplit)) {
        tokens.push(makeToken(part, offset, first ? gap : '', first && sentenceStart, true));
        offset += part.length;
        first = false;
      }
    } else {
      tokens.push(makeToken(raw, start, gap, sentenceStart, inTag));
    }
    prevEnd = start + raw.length;
  }
  return tokens;
}

function makeToken(
  raw: string,
  start: number,
  gap: string,
  sentenceStart: boolean,
  inTag: boolean,
): WordToken {
  return {
    raw,
    start,
    end: start + raw.length,
    norm: normOf(raw),
    cap: startsUpper(raw),
    sentenceStart,
    inTag,
    gapBefore: gap,
  };
}
