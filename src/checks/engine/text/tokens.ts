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

/** A word of a whitespace-free chunk, where it sits in the chunk and what it is apart from its context. */
interface ChunkWord {
  raw: string;
  offset: number;
  norm: string;
  cap: boolean;
  inTag: boolean;
  /** The gap before it inside the chunk, and whether that gap ends a sentence; unused for the first word. */
  gap: string;
  sentenceStart: boolean;
}

// Words never hold whitespace, so a text's words are its whitespace-separated chunks' words. The same
// chunks ("the", "school,", "well") recur in every comment: each is split and folded once (bounded, and
// long chunks are not kept, so odd input cannot grow it without limit).
const chunkCache = new Map<string, readonly ChunkWord[]>();
const chunkCacheLimit = 50_000;
const longestCachedChunk = 64;

/**
 * The words of one chunk. Within a chunk no gap holds whitespace, so whether a word is in a tag depends on
 * the chunk alone (a whitespace gap always ends a tag); the first word's gap and sentence start depend on
 * the text before the chunk and are worked out by the caller.
 */
function wordsOfChunk(chunk: string): readonly ChunkWord[] {
  let words = chunkCache.get(chunk);
  if (words !== undefined) return words;
  const out: ChunkWord[] = [];
  let prevEnd = 0;
  let tagActive = false;
  for (const match of matchesOf(wordPattern, chunk)) {
    const raw = match[0];
    const start = match.index;
    const gap = start === prevEnd ? '' : chunk.slice(prevEnd, start);
    if (gap === '') tagActive = false;
    const gapLast = gap[gap.length - 1];
    if (gapLast === '#' || gapLast === '@') tagActive = true;
    const inTag = tagActive;
    if (inTag && hasInnerUpper.test(raw)) {
      // #WellDoneAmeliaJones: split CamelCase so each part is a word.
      let offset = start;
      let first = true;
      for (const part of raw.split(camelSplit)) {
        out.push(chunkWord(part, offset, first ? gap : '', first && endsSentence(gap), true));
        offset += part.length;
        first = false;
      }
    } else {
      out.push(chunkWord(raw, start, gap, endsSentence(gap), inTag));
    }
    prevEnd = start + raw.length;
  }
  words = out;
  if (chunk.length <= longestCachedChunk) {
    if (chunkCache.size >= chunkCacheLimit) chunkCache.clear();
    chunkCache.set(chunk, words);
  }
  return words;
}

function chunkWord(
  raw: string,
  offset: number,
  gap: string,
  sentenceStart: boolean,
  inTag: boolean,
): ChunkWord {
  return { raw, offset, norm: normOf(raw), cap: startsUpper(raw), inTag, gap, sentenceStart };
}

function isSpaceCode(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 160 || (c > 255 && space.test(String.fromCharCode(c)));
}

export function tokenizeWords(text: string): WordToken[] {
  const tokens: WordToken[] = [];
  let prevEnd = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpaceCode(text.charCodeAt(i))) i += 1;
    if (i >= n) break;
    const chunkStart = i;
    while (i < n && !isSpaceCode(text.charCodeAt(i))) i += 1;
    const words = wordsOfChunk(text.slice(chunkStart, i));
    for (let k = 0; k < words.length; k += 1) {
      const w = words[k] as ChunkWord;
      const start = chunkStart + w.offset;
      let gap = w.gap;
      let sentenceStart = w.sentenceStart;
      if (k === 0) {
        gap = start === prevEnd ? '' : text.slice(prevEnd, start);
        sentenceStart = tokens.length === 0 || endsSentence(gap);
      }
      tokens.push({
        raw: w.raw,
        start,
        end: start + w.raw.length,
        norm: w.norm,
        cap: w.cap,
        sentenceStart,
        inTag: w.inTag,
        gapBefore: gap,
      });
      prevEnd = start + w.raw.length;
    }
  }
  return tokens;
}
