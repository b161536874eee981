/**
 * A text split at whitespace into chunks, shared by the word tokenizer (names) and the language tokenizer:
 * neither reads a word across whitespace, so what each makes of a chunk depends on the chunk alone. The
 * same chunks ("the", "school,", "well") recur in every comment, so each distinct chunk is one cache entry
 * holding both readings, worked out when first asked for; a text is split once for both tokenizers.
 */

/** What the tokenizers made of one distinct chunk (each slot filled by its tokenizer on first use). */
export interface ChunkEntry {
  readonly text: string;
  words: unknown;
  loose: unknown;
}

/** A text's chunks: where each starts and ends, and its entry. */
export interface TextChunks {
  starts: number[];
  ends: number[];
  entries: ChunkEntry[];
}

// Bounded, and long chunks are not kept, so odd input cannot grow it without limit.
const cache = new Map<string, ChunkEntry>();
export const chunkCacheLimit = 50_000;
const longestCachedChunk = 200;

/** The characters JavaScript's `\s` matches. */
const space = /\s/;
export function isSpaceCode(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 160 || (c > 255 && space.test(String.fromCharCode(c)));
}

// The text split last: the scan of one text asks for its chunks twice (names, then language).
let lastText: string | undefined;
let lastChunks: TextChunks | undefined;

export function textChunks(text: string): TextChunks {
  if (text === lastText && lastChunks !== undefined) return lastChunks;
  const chunks: TextChunks = { starts: [], ends: [], entries: [] };
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpaceCode(text.charCodeAt(i))) i += 1;
    if (i >= n) break;
    const start = i;
    while (i < n && !isSpaceCode(text.charCodeAt(i))) i += 1;
    const chunk = text.slice(start, i);
    let entry = cache.get(chunk);
    if (entry === undefined) {
      entry = { text: chunk, words: undefined, loose: undefined };
      if (chunk.length <= longestCachedChunk) {
        if (cache.size >= chunkCacheLimit) cache.clear();
        cache.set(chunk, entry);
      }
    }
    chunks.starts.push(start);
    chunks.ends.push(i);
    chunks.entries.push(entry);
  }
  lastText = text;
  lastChunks = chunks;
  return chunks;
}
