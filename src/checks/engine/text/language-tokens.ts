import { type ChunkEntry, chunkCacheLimit, textChunks } from './chunks.js';
import { abuseVocabulary, splitRunTogether, trimSpacedRun } from './evasion.js';
import { insults, leetMap, profanity } from './lexicon.js';

export interface LooseToken {
  raw: string;
  start: number;
  end: number;
  /** Letters only, folded, leet mapped, separators removed. */
  norm: string;
  sentence: number;
  quoted: boolean;
  /** The word was respelled (spaced letters joined, a run-together word split, a misspelling undone). */
  changed?: boolean;
  /** The word as written holds characters other than letters and apostrophes (leet, separators). */
  oddChars?: boolean;
}

const marks = /\p{M}+/gu;
const nonAscii = /[^\t\n\r\u0020-\u007e]/;
const trailing = /[.,;:?!)\]}"'”’»…]+$/;
const leading = /^[("'“‘«[{#]+/;
const sentenceEnd = /[.!?…]["'”’)]*$/;

/** Lower case, accents off, leet mapped (h4te → hate, sh!t → shit), separators dropped (f.u.c.k → fuck). */
const plainWord = /^[a-z]+$/;

export function foldLoose(raw: string): string {
  let s = raw.toLowerCase();
  if (plainWord.test(s)) return s;
  if (nonAscii.test(s)) s = s.normalize('NFD').replace(marks, '');
  let out = '';
  for (let i = 0; i < s.length; i += 1) {
    const ch = s[i] as string;
    if (ch >= 'a' && ch <= 'z') out += ch;
    else if (ch === '*') out += '*';
    else {
      const mapped = leetMap[ch];
      // Digits only count as letters inside a word ("h4te"), not in "2024".
      if (mapped !== undefined && /[a-z]/.test(s)) out += mapped;
    }
  }
  return out;
}

function quotedRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  let open = -1;
  let closer = '';
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (open < 0) {
      if (ch === '"' || ch === '“') {
        open = i;
        closer = ch === '"' ? '"' : '”';
      }
    } else if (ch === closer) {
      ranges.push([open, i]);
      open = -1;
    }
  }
  return ranges;
}

/** A word of a whitespace-separated chunk, its offset relative to the chunk. */
interface ChunkPiece {
  raw: string;
  offset: number;
  length: number;
  norm: string;
  changed: boolean;
  oddChars: boolean;
}

interface ChunkInfo {
  pieces: readonly ChunkPiece[];
  endsSentence: boolean;
  /** Where the word starts after leading punctuation: what decides whether it sits inside quotes. */
  lead: number;
}

// How a chunk splits and folds depends on its characters only: worked out once per distinct chunk and kept
// in the chunk's entry (chunks.ts), which the word tokenizer shares.
export { chunkCacheLimit };

function analyseChunk(entry: ChunkEntry): ChunkInfo {
  if (entry.loose !== undefined) return entry.loose as ChunkInfo;
  const chunk = entry.text;
  const pieces: LooseToken[] = [];
  let raw = chunk;
  let start = 0;
  const endsSentence = sentenceEnd.test(raw);
  const lead = leading.exec(raw);
  if (lead) {
    start += lead[0].length;
    raw = raw.slice(lead[0].length);
  }
  // Keep "sh!t" but drop the "!" of "shit!": trim trailing punctuation only after a letter.
  const trail = trailing.exec(raw);
  if (trail && trail.index > 0) raw = raw.slice(0, trail.index);
  if (raw.length > 0) {
    // "won't" and "women's": apostrophe words split, so fold the part before the apostrophe too.
    for (const part of splitWords(raw, start)) {
      // A capital I standing for an l inside a lower-case word ("sIut", "buIIy"): read as the l it hides.
      if (capitalIForL.test(part.raw)) {
        const asL = foldLoose(part.raw.replace(/(?<=.)I/g, 'l'));
        if (abuseVocabulary.has(asL)) {
          pieces.push({
            raw: part.raw,
            start: part.start,
            end: part.start + part.raw.length,
            norm: asL,
            sentence: 0,
            quoted: false,
            changed: true,
          });
          continue;
        }
      }
      for (const piece of splitCamel(part.raw, part.start)) {
        const norm = foldLoose(piece.raw);
        if (norm.length > 0) pushSplit(pieces, piece.raw, piece.start, norm, 0, false);
      }
    }
  }
  const info: ChunkInfo = {
    pieces: pieces.map((p) => ({
      raw: p.raw,
      offset: p.start,
      length: p.end - p.start,
      norm: p.norm,
      changed: p.changed === true,
      oddChars: respelledChars.test(p.raw),
    })),
    endsSentence,
    lead: start,
  };
  entry.loose = info;
  return info;
}

export function tokenize(text: string): LooseToken[] {
  const quotes = text.includes('"') || text.includes('“') ? quotedRanges(text) : [];
  const tokens: LooseToken[] = [];
  let sentence = 0;
  const chunks = textChunks(text);
  for (let c = 0; c < chunks.entries.length; c += 1) {
    const chunkStart = chunks.starts[c] as number;
    const info = analyseChunk(chunks.entries[c] as ChunkEntry);
    const wordStart = chunkStart + info.lead;
    const quoted = quotes.length > 0 && quotes.some(([a, b]) => wordStart > a && wordStart < b);
    for (const p of info.pieces) {
      const start = chunkStart + p.offset;
      const token: LooseToken = { raw: p.raw, start, end: start + p.length, norm: p.norm, sentence, quoted };
      if (p.changed) token.changed = true;
      if (p.oddChars) token.oddChars = true;
      tokens.push(token);
    }
    if (info.endsSentence || text[chunks.ends[c] as number] === '\n') sentence += 1;
  }
  return tokens;
}

const camelBoundary = /(?<=[a-z])(?=[A-Z])/;
const capitalIForL = /[a-z]I/;

/** "#KillAllWomen", "BlackPeople": words joined in CamelCase are separate words. */
function splitCamel(raw: string, start: number): { raw: string; start: number }[] {
  if (!/[a-z][A-Z]/.test(raw)) return [{ raw, start }];
  const out: { raw: string; start: number }[] = [];
  let offset = start;
  for (const piece of raw.split(camelBoundary)) {
    out.push({ raw: piece, start: offset });
    offset += piece.length;
  }
  return out;
}

/** Pushes a token, split in two (or three) when it is words run together: "womendisgust", "todie". */
function pushSplit(
  tokens: LooseToken[],
  raw: string,
  start: number,
  norm: string,
  sentence: number,
  quoted: boolean,
  depth = 0,
): void {
  const cut = norm.length >= 5 && depth < 2 ? splitRunTogether(norm) : undefined;
  if (cut === undefined) {
    tokens.push({
      raw,
      start,
      end: start + raw.length,
      norm,
      sentence,
      quoted,
      ...(depth > 0 ? { changed: true } : {}),
    });
    return;
  }
  // Offsets follow the letters when the word was written plainly; otherwise both halves span the word.
  const plain = raw.length === norm.length;
  const rawCut = plain ? cut : raw.length;
  pushSplit(tokens, plain ? raw.slice(0, cut) : raw, start, norm.slice(0, cut), sentence, quoted, depth + 1);
  tokens.push({
    raw: plain ? raw.slice(rawCut) : raw,
    start: plain ? start + rawCut : start,
    end: start + raw.length,
    norm: norm.slice(cut),
    sentence,
    quoted,
    changed: true,
  });
}

/** Splits "women's" → women, "hate/disgust" → hate, disgust; keeps leet and separators inside words. */
function splitWords(raw: string, start: number): { raw: string; start: number }[] {
  if (!/['’/]/.test(raw)) return [{ raw, start }];
  const out: { raw: string; start: number }[] = [];
  const possessive = /['’]s$/i.exec(raw);
  const body = possessive ? raw.slice(0, possessive.index) : raw;
  if (/^[a-z]+n['’]t$/i.test(body) || !/\//.test(body)) {
    out.push({ raw: body, start });
    return out;
  }
  let offset = start;
  for (const piece of body.split('/')) {
    if (piece.length > 0) out.push({ raw: piece, start: offset });
    offset += piece.length + 1;
  }
  return out;
}

/** Compound insults written as two words ("butt hole", "knob head"): joined when the two spell one. */
export function joinSplitCompounds(tokens: LooseToken[]): LooseToken[] {
  let out: LooseToken[] | undefined;
  for (let i = 0; i + 1 < tokens.length; i += 1) {
    const a = tokens[i] as LooseToken;
    const b = tokens[i + 1] as LooseToken;
    if (!compoundTails.has(b.norm) || a.sentence !== b.sentence || a.norm.length < 3) continue;
    const joined = a.norm + b.norm;
    if (!splitCompounds.has(joined)) continue;
    out ??= [...tokens];
    const at = out.indexOf(a);
    out.splice(at, 2, { ...a, end: b.end, raw: `${a.raw} ${b.raw}`, norm: joined, changed: true });
    i += 1;
  }
  return out ?? tokens;
}

/** Joins runs of single letters ("h a t e", "s c u m") into one token. */
export function joinSpacedLetters(tokens: LooseToken[]): LooseToken[] {
  const out: LooseToken[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const t = tokens[i] as LooseToken;
    if (t.norm.length === 1) {
      let j = i;
      while (
        j + 1 < tokens.length &&
        (tokens[j + 1] as LooseToken).norm.length === 1 &&
        (tokens[j + 1] as LooseToken).sentence === t.sentence
      )
        j += 1;
      if (j - i >= 2) {
        const run = tokens.slice(i, j + 1);
        const letters = run.map((r) => r.norm).join('');
        // "a b i t c h", "w o m a n I see": a leading or trailing "a"/"i" may be the article or pronoun.
        const [from, to] = trimSpacedRun(letters);
        if (from > 0) out.push(t);
        const first = run[from] as LooseToken;
        const last = run[to - 1] as LooseToken;
        const joined = letters.slice(from, to);
        out.push({ ...first, end: last.end, raw: joined, norm: joined, changed: true });
        if (to < letters.length) out.push(run[run.length - 1] as LooseToken);
        i = j;
        continue;
      }
    }
    out.push(t);
  }
  return out;
}

/** Characters in a word that folding turns into letters (leet, separators). */
const respelledChars = /[^\p{L}'’]/u;

/** The respelled words joined by spaces, with sentence ends kept, and where each token starts in it. */
export function canonicalText(tokens: readonly LooseToken[]): { canonical: string; offsets: number[] } {
  let canonical = '';
  const offsets: number[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const t = tokens[i] as LooseToken;
    if (i > 0) canonical += t.sentence !== (tokens[i - 1] as LooseToken).sentence ? '. ' : ' ';
    offsets.push(canonical.length);
    canonical += t.norm;
  }
  return { canonical, offsets };
}

/** Index of the token whose canonical text holds `offset`. */
export function tokenAt(offsets: readonly number[], offset: number): number {
  let lo = 0;
  let hi = offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((offsets[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Second halves of compounds people split in two: a pair is tried only when its second word is one. */
const compoundTails: ReadonlySet<string> = new Set(
  'hole holes head heads end ends wit wits face faces bag bags sucker suckers'.split(' '),
);
/** Insult and swear compounds that people split into two words; checked on adjacent word pairs. */
const splitCompounds: ReadonlySet<string> = new Set(
  [...profanity, ...insults].filter((w) => w.length >= 7 && [...compoundTails].some((t) => w.endsWith(t))),
);
