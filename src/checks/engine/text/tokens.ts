import { type ChunkEntry, textChunks } from './chunks.js';
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

/**
 * The words of one chunk. Within a chunk no gap holds whitespace, so whether a word is in a tag depends on
 * the chunk alone (a whitespace gap always ends a tag); the first word's gap and sentence start depend on
 * the text before the chunk and are worked out by the caller.
 */
function wordsOfChunk(entry: ChunkEntry): readonly ChunkWord[] {
  if (entry.words !== undefined) return entry.words as readonly ChunkWord[];
  const chunk = entry.text;
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
  entry.words = out;
  return out;
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

export function tokenizeWords(text: string): WordToken[] {
  const tokens: WordToken[] = [];
  let prevEnd = 0;
  const chunks = textChunks(text);
  for (let c = 0; c < chunks.entries.length; c += 1) {
    const chunkStart = chunks.starts[c] as number;
    const words = wordsOfChunk(chunks.entries[c] as ChunkEntry);
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
