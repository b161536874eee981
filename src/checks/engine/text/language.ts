import { abuseVocabulary, respellingOf, splitRunTogether, trimSpacedRun } from './evasion.js';
import { classInsults, groupConstructions } from './group-hate.js';
import {
  abusePhrases,
  derogations,
  framedBeforeOnly,
  groupAdjectives,
  groupNouns,
  insults,
  leetMap,
  negators,
  peopleNouns,
  predicateDerogations,
  profanity,
  reportingCues,
  sexual,
  slurs,
  stemExceptions,
  strongStems,
  weakDerogations,
} from './lexicon.js';
import { matchesOf } from './matches.js';
import {
  askedAbout,
  callToldAsAccount,
  constructionToldAsAccount,
  harmToldAsAccount,
  namesAwarenessDay,
} from './reported-harm.js';

export interface LanguageHit {
  rule: 'language.profanity' | 'language.abuse' | 'language.mild' | 'language.unprofessional';
  start: number;
  end: number;
  /** Quoted or reported, self-referential or otherwise softened: at most `review`. */
  softened: boolean;
  why: string;
}

/** A school's own additions, folded once. */
export interface LanguageLists {
  extraAbuse: ReadonlySet<string>;
  extraProfanity: ReadonlySet<string>;
  exceptions: ReadonlySet<string>;
}

interface LooseToken {
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

// The same chunks ("the", "school", "well") recur in every comment: how a chunk splits and folds depends
// on its characters only, so it is worked out once and reused. Bounded so odd input cannot grow it forever.
const chunkCache = new Map<string, ChunkInfo>();
const chunkCacheLimit = 50_000;

function analyseChunk(chunk: string): ChunkInfo {
  let info = chunkCache.get(chunk);
  if (info !== undefined) return info;
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
  info = {
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
  if (chunkCache.size >= chunkCacheLimit) chunkCache.clear();
  chunkCache.set(chunk, info);
  return info;
}

const isSpace = (code: number) =>
  code === 32 ||
  code === 10 ||
  code === 9 ||
  code === 13 ||
  code === 12 ||
  code === 11 ||
  code === 160 ||
  (code > 255 && /\s/.test(String.fromCharCode(code)));

function tokenize(text: string): LooseToken[] {
  const quotes = text.includes('"') || text.includes('“') ? quotedRanges(text) : [];
  const tokens: LooseToken[] = [];
  let sentence = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpace(text.charCodeAt(i))) i += 1;
    if (i >= n) break;
    const chunkStart = i;
    while (i < n && !isSpace(text.charCodeAt(i))) i += 1;
    const info = analyseChunk(text.slice(chunkStart, i));
    const wordStart = chunkStart + info.lead;
    const quoted = quotes.length > 0 && quotes.some(([a, b]) => wordStart > a && wordStart < b);
    for (const p of info.pieces) {
      const start = chunkStart + p.offset;
      const token: LooseToken = { raw: p.raw, start, end: start + p.length, norm: p.norm, sentence, quoted };
      if (p.changed) token.changed = true;
      if (p.oddChars) token.oddChars = true;
      tokens.push(token);
    }
    if (info.endsSentence || text[i] === '\n') sentence += 1;
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
function joinSplitCompounds(tokens: LooseToken[]): LooseToken[] {
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
function joinSpacedLetters(tokens: LooseToken[]): LooseToken[] {
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

type Category = 'slur' | 'sexual' | 'profanity' | 'insult' | 'extraAbuse';

function lookup(norm: string, lists: LanguageLists): Category | undefined {
  if (lists.exceptions.has(norm)) return undefined;
  if (lists.extraAbuse.has(norm)) return 'extraAbuse';
  if (slurs.has(norm) || (norm.length > 4 && norm.endsWith('s') && slurs.has(norm.slice(0, -1))))
    return 'slur';
  if (sexual.has(norm)) return 'sexual';
  if (profanity.has(norm)) return 'profanity';
  if (lists.extraProfanity.has(norm)) return 'profanity';
  if (insults.has(norm)) return 'insult';
  return undefined;
}

type Classified = { category: Category; word: string } | undefined;
// Per school lists: the category of each folded word, worked out once (most words are "none").
const classifyCaches = new WeakMap<LanguageLists, Map<string, Classified>>();

function classify(token: LooseToken, lists: LanguageLists): Classified {
  let cache = classifyCaches.get(lists);
  if (cache === undefined) {
    cache = new Map();
    classifyCaches.set(lists, cache);
  }
  const norm = token.norm;
  if (cache.has(norm)) return cache.get(norm);
  const found = classifyWord(norm, lists);
  if (cache.size >= chunkCacheLimit) cache.clear();
  cache.set(norm, found);
  return found;
}

/** Tries the word as written, with long letter runs collapsed (fuuuuck), and masked (f**k). */
function classifyWord(norm: string, lists: LanguageLists): Classified {
  if (lists.exceptions.has(norm) || stemExceptions.has(norm)) return undefined;
  const direct = lookup(norm, lists);
  if (direct) return { category: direct, word: norm };
  if (/(.)\1\1/.test(norm)) {
    for (const candidate of [norm.replace(/(.)\1{2,}/g, '$1'), norm.replace(/(.)\1{2,}/g, '$1$1')]) {
      const found = lookup(candidate, lists);
      if (found) return { category: found, word: candidate };
    }
  }
  if (norm.includes('*') && norm.length >= 3 && /^[a-z]/.test(norm)) {
    const pattern = new RegExp(`^${norm.replace(/\*/g, '[a-z]')}$`);
    for (const set of [slurs, profanity]) {
      for (const w of set)
        if (w.length === norm.length && pattern.test(w))
          return { category: set === slurs ? 'slur' : 'profanity', word: w };
    }
  }
  if (norm.length > 4) {
    for (const stem of strongStems) {
      if ((norm.startsWith(stem) || norm.endsWith(stem)) && !lists.exceptions.has(norm)) {
        const slurStem = stem === 'nigg' || stem === 'fagg';
        return { category: slurStem ? 'slur' : 'profanity', word: stem };
      }
    }
  }
  return undefined;
}

const birdWords = new Set([
  'great',
  'blue',
  'coal',
  'marsh',
  'willow',
  'crested',
  'bearded',
  'tailed',
  'penduline',
  'long',
]);
const dogContext =
  /\b(?:dog|dogs|puppy|puppies|litter|breed|breeder|labrador|spaniel|greyhound|whelp|whelped|kennel|pedigree|terrier|collie|lurcher|retriever)\b/;
const smokingContext =
  /\b(?:smok\w*|cigarettes?|lighter|packet|tobacco|lungs?|ash|fag ?end|roll ?ups?|quit)\b/;
const faggotContext =
  /\b(?:gravy|peas|meatballs?|onions?|butcher|recipe|dinner|sticks|wood|firewood|bundle|fuel|kindling|cook|cooks|cooked|cooking|delicious|tasty|ate|eat|eating|oven|pork|liver|mash|tea)\b/;
/** A dyke is also an embankment against water (the Fens, the Netherlands). */
const dykeContext =
  /\b(?:flood|floods|flooding|flooded|sea|water|beach|river|rivers|embankments?|canal|dam|dams|drain|drainage|ditch|marsh|fens?|levee|tide|tides|coast|coastal|dutch|netherlands|polder|reclaimed)\b/;
const catContext = /\b(?:cat|cats|kitten|kittens|puss|willow)\b/;
const farmContext =
  /\b(?:hen|hens|chickens?|rooster|farm|crow|crowed|crowing|cockerel|weathervane|robin|pheasant|sparrow)\b/;
const selfReference = new Set([
  'my',
  'im',
  'i',
  'am',
  'myself',
  'we',
  'were',
  'us',
  'our',
  'proud',
  'fellow',
  'as',
]);
const secondPerson = new Set([
  'you',
  'u',
  'ur',
  'youre',
  'ya',
  'yer',
  'your',
  'yours',
  'youse',
  'yall',
  'ye',
]);
const copulas = new Set(['is', 'are', 'was', 'were', 'hes', 'shes', 'theyre', 'its', 'be']);
const articles = new Set([
  'a',
  'an',
  'such',
  'complete',
  'total',
  'utter',
  'absolute',
  'right',
  'little',
  'big',
  'massive',
  'fat',
  'stupid',
  'ugly',
  'useless',
  'pathetic',
  'huge',
  'proper',
  'fucking',
  'bloody',
]);

const slantFollowers = new Set(['on', 'of', 'to', 'towards', 'in']);
/** Words naming a person as the object of a verb ("bang her"). */
const personObjectWords = new Set([
  'her',
  'him',
  'you',
  'u',
  'me',
  'them',
  'girls',
  'boys',
  'chicks',
  'ur',
  'your',
  'his',
  'some',
]);
const xxxLabels = new Set(
  'video videos vids vid film films movie movies pics pictures photos site sites rated content chat cams cam porn sex stars star watch free hot'.split(
    ' ',
  ),
);
const modalsBeforeVerb = new Set([
  'to',
  'will',
  'would',
  'could',
  'can',
  'may',
  'might',
  'must',
  'shall',
  'should',
  'did',
  'does',
  'do',
  'could',
  'cannot',
  'cant',
  'wont',
  'not',
  'further',
  'effectively',
  'badly',
  'seriously',
  'threaten',
  'threatens',
]);
const determinersAfterVerb = new Set([
  'the',
  'their',
  'our',
  'its',
  'his',
  'her',
  'this',
  'that',
  'these',
  'those',
  'a',
  'an',
  'my',
  'your',
  'growth',
  'progress',
  'development',
  'economy',
  'industry',
  'services',
]);

/** The word is a verb here: after "to"/a modal, or before a determiner opening its object. */
function usedAsVerb(tokens: LooseToken[], i: number): boolean {
  const prev = tokens[i - 1];
  const next = tokens[i + 1];
  const sentence = (tokens[i] as LooseToken).sentence;
  if (next !== undefined && next.sentence === sentence && determinersAfterVerb.has(next.norm)) return true;
  // "a cripple", "you retard": after an article or a person word it is a noun, the slur.
  return prev !== undefined && prev.sentence === sentence && modalsBeforeVerb.has(prev.norm);
}

/** Innocent uses of words that look bad out of context. */
function innocentUse(word: string, tokens: LooseToken[], i: number, sentenceText: string): boolean {
  const t = tokens[i] as LooseToken;
  const prev = tokens[i - 1];
  const next = tokens[i + 1];
  switch (word) {
    case 'tit':
    case 'tits':
      return prev !== undefined && birdWords.has(prev.norm);
    case 'dick':
    case 'dicks':
      // Dick Whittington, Moby Dick, Philip K. Dick: a name with capitals.
      return (
        /^[A-Z]/.test(t.raw) &&
        ((next !== undefined && /^[A-Z]/.test(next.raw)) || prev?.norm === 'moby' || prev?.norm === 'k')
      );
    case 'cock':
    case 'cocks':
      return farmContext.test(sentenceText);
    case 'bitch':
    case 'bitches':
      return dogContext.test(sentenceText);
    case 'fag':
    case 'fags':
      return smokingContext.test(sentenceText);
    case 'faggot':
    case 'faggots':
      return faggotContext.test(sentenceText);
    case 'dyke':
    case 'dykes':
      return dykeContext.test(sentenceText);
    case 'pussy':
      return catContext.test(sentenceText);
    case 'cum':
      return next?.norm === 'laude' || prev?.norm === 'magna' || prev?.norm === 'summa';
    case 'coon':
    case 'coons':
      return /\b(?:raccoon|racoon|hunting|dog|hound)\b/.test(sentenceText);
    case 'homo':
      return next?.norm === 'sapiens' || next?.norm === 'erectus';
    case 'spastic':
      return /\b(?:cerebral|diplegia|paraplegia|muscle|muscles|colon)\b/.test(sentenceText);
    case 'gas':
      return false;
    // Words with an everyday sense beside the slur or sexual one, read by the construction around them.
    case 'chink':
    case 'chinks':
      // "a chink in their armour", "a chink of light", "the chink of glasses".
      return next?.norm === 'in' || next?.norm === 'of';
    case 'cripple':
    case 'cripples':
    case 'retard':
    case 'retards':
      // The verb: "will cripple the industry", "to retard growth", "strikes cripple the railways".
      return usedAsVerb(tokens, i);
    case 'slant':
      // "a new slant on the story", "the slant of the roof".
      return next !== undefined && slantFollowers.has(next.norm);
    case 'poof':
      // The sound of something vanishing: "and poof, it was gone".
      return !lookBack(tokens, i, 2, (p) => articles.has(p.norm) || copulas.has(p.norm) || p.norm === 'you');
    case 'bang':
    case 'banging':
      // Sexual only with a person as its object ("bang her"); otherwise a noise or a hit.
      return !(next !== undefined && personObjectWords.has(next.norm));
    case 'shag':
      return next !== undefined && /^(?:carpets?|piles?|rugs?|birds?|tobacco)$/.test(next.norm);
    case 'erection':
    case 'orgy':
      // "the erection of the new stand", "an orgy of violence".
      return next?.norm === 'of';
    case 'spunk':
      // Pluck: "she has real spunk", "plenty of spunk".
      return lookBack(tokens, i, 2, (p) =>
        /^(?:has|have|had|got|real|plenty|such|of|with|full)$/.test(p.norm),
      );
    case 'horny':
      return next !== undefined && /^(?:toads?|lizards?|beetles?|plates?|scales|skin|layer)$/.test(next.norm);
    case 'nude':
      return (
        next !== undefined &&
        /^(?:tights|colou?rs?|shades?|tones?|lipsticks?|heels|shoes|palette)$/.test(next.norm)
      );
    case 'xxx':
      // Kisses at the end of a message ("thanks all xxx"); the sexual sense labels something ("xxx videos").
      return (
        !(next !== undefined && xxxLabels.has(next.norm)) && !(prev !== undefined && xxxLabels.has(prev.norm))
      );
    default:
      return false;
  }
}

function lookBack(tokens: LooseToken[], i: number, n: number, test: (t: LooseToken) => boolean): boolean {
  const sentence = (tokens[i] as LooseToken).sentence;
  for (let k = i - 1; k >= Math.max(0, i - n); k -= 1) {
    const t = tokens[k] as LooseToken;
    if (t.sentence !== sentence) return false;
    if (test(t)) return true;
  }
  return false;
}

/** "You are nothing but a …", "you're just a …": the word is said of the person addressed. */
function addressedAsYouAre(tokens: LooseToken[], i: number): boolean {
  const sentence = (tokens[i] as LooseToken).sentence;
  for (let k = i - 1; k >= Math.max(0, i - 7); k -= 1) {
    const t = tokens[k] as LooseToken;
    if (t.sentence !== sentence) return false;
    if (t.norm === 'youre' || t.norm === 'ur') return true;
    if (secondPerson.has(t.norm) && youCopulas.has(tokens[k + 1]?.norm ?? '')) return true;
  }
  return false;
}
const reclaimedSpellings = new Set(['nigga', 'niggas', 'niggaz']);
const outdatedTerms = new Set(['negro', 'negroes']);
const youCopulas = new Set(['are', 'r', 're', 'were', 'is']);

const possessiveFollowers = new Set(['a', 'an', 'so', 'such', 'just', 'nothing', 'the', 'really', 'very']);

/**
 * The only address before an insult is "your" starting a noun phrase ("your broken records are worthless"):
 * the insult describes the thing. "your a loser" (for "you're") and "you are …" are still aimed at the person.
 */
function aboutYourThing(tokens: LooseToken[], i: number): boolean {
  const sentence = (tokens[i] as LooseToken).sentence;
  let your = -1;
  for (let k = i - 1; k >= Math.max(0, i - 4); k -= 1) {
    const t = tokens[k] as LooseToken;
    if (t.sentence !== sentence) break;
    if (secondPerson.has(t.norm)) {
      if (t.norm !== 'your') return false;
      your = k;
    }
  }
  if (your < 0 || addressedAsYouAre(tokens, i)) return false;
  const after = tokens[your + 1];
  if (after === undefined || after === tokens[i] || possessiveFollowers.has(after.norm)) return false;
  // A copula between the thing and the insult: "your X are/is worthless".
  return lookBack(tokens, i, 2, (p) => copulas.has(p.norm));
}

function negatedBefore(tokens: LooseToken[], i: number): boolean {
  const sentence = (tokens[i] as LooseToken).sentence;
  for (let k = i - 1; k >= Math.max(0, i - 3); k -= 1) {
    const t = tokens[k] as LooseToken;
    if (t.sentence !== sentence) return false;
    // "nothing but contempt" is not a denial.
    if (t.norm === 'nothing' && tokens[k + 1]?.norm === 'but') continue;
    if (negators.has(t.norm) || /n['’]t$/i.test(t.raw)) return true;
  }
  return false;
}

interface GroupMention {
  index: number;
  last: number;
  /** An insult used as a class noun ("too many …"): counts in the group constructions only. */
  classInsult?: boolean;
}

/** Words before a group adjective used as a noun ("a gay", "those queer"). */
const bareGroupBefore = new Set([
  'a',
  'an',
  'many',
  'those',
  'these',
  'all',
  'every',
  'any',
  'typical',
  'you',
]);
/** Words that may follow a group adjective used as a noun: it is not describing a noun of its own. */
const bareGroupAfter = new Set(
  `like who that and or is was are were can could will would should behaviour behavior in from at on
  with here there everywhere`.split(/\s+/),
);

/** Group adjectives that, alone after "a", are mostly something else ("a polish", "a white", "a blind"). */
const notBareGroups = new Set(['polish', 'blind', 'deaf', 'foreign', 'white', 'brown', 'christian']);

/** Every mention of a protected group in the sentence [from, to), including insults used as class nouns. */
function groupMentions(tokens: LooseToken[], from: number, to: number): GroupMention[] {
  const mentions: GroupMention[] = [];
  let dogs: boolean | undefined;
  for (let i = from; i < to; i += 1) {
    const t = tokens[i] as LooseToken;
    const next = i + 1 < to ? tokens[i + 1] : undefined;
    if (groupAdjectives.has(t.norm)) {
      if (next && peopleNouns.has(next.norm)) {
        mentions.push({ index: i, last: i + 1 });
        i += 1;
        continue;
      }
      const prev = i > from ? tokens[i - 1] : undefined;
      if (
        prev &&
        bareGroupBefore.has(prev.norm) &&
        !notBareGroups.has(t.norm) &&
        (next === undefined || bareGroupAfter.has(next.norm))
      ) {
        mentions.push({ index: i, last: i });
        continue;
      }
    }
    if (groupNouns.has(t.norm) || slurs.has(t.norm)) mentions.push({ index: i, last: i });
    else if (classInsults.has(t.norm)) {
      dogs ??= dogContext.test(sentenceNorms(tokens, from, to));
      if (!dogs) mentions.push({ index: i, last: i, classInsult: true });
    }
  }
  return mentions;
}

const backPronouns = new Set(['they', 'them', 'theyre', 'themselves']);
const kindOwners = new Set(['your', 'their', 'that', 'this', 'ur']);

/** Pronouns ("them", "your kind") that refer back to a group named in an earlier sentence. */
function referringBack(tokens: LooseToken[], from: number, to: number): GroupMention[] {
  const mentions: GroupMention[] = [];
  for (let i = from; i < to; i += 1) {
    const t = tokens[i] as LooseToken;
    if (backPronouns.has(t.norm)) mentions.push({ index: i, last: i });
    else if (
      t.norm === 'kind' &&
      i > from &&
      kindOwners.has((tokens[i - 1] as LooseToken).norm) &&
      (i + 1 >= to || bareGroupAfter.has((tokens[i + 1] as LooseToken).norm))
    )
      mentions.push({ index: i - 1, last: i });
  }
  return mentions;
}

const subjectPronouns = new Set(['they', 'theyre']);
const disgustVerbs = new Set([
  'disgust',
  'disgusts',
  'sicken',
  'sickens',
  'repulse',
  'repulses',
  'revolt',
  'revolts',
]);
const pronounCopulas = new Set(['are', 're', 'were', 'r', 'is']);

/** The derogation said of a pronoun: its object ("eradicate them") or its predicate ("they are … scum"). */
function pronounDerogation(
  tokens: LooseToken[],
  from: number,
  to: number,
  m: GroupMention,
): number | undefined {
  const t = tokens[m.index] as LooseToken;
  if (subjectPronouns.has(t.norm) || t.norm === 'kind') {
    let k = m.last + 1;
    if (t.norm !== 'theyre') {
      // "they are …", "they just are …", "they act like …".
      let link = -1;
      for (let j = k; j < Math.min(to, k + 3); j += 1)
        if (pronounCopulas.has((tokens[j] as LooseToken).norm) || (tokens[j] as LooseToken).norm === 'like') {
          link = j;
          break;
        }
      if (link < 0) return undefined;
      k = link + 1;
    }
    return findDerogation(tokens, k, Math.min(to, k + 4), m);
  }
  // "them", "themselves": a derogation one or two words before governs them ("I hate them"), or a verb of
  // disgust just after ("everything about them disgusts me").
  const before = findDerogation(tokens, Math.max(from, m.index - 2), m.index, m);
  if (before !== undefined) return before;
  const after = tokens[m.index + 1];
  return after !== undefined && m.index + 1 < to && disgustVerbs.has(after.norm) ? m.index + 1 : undefined;
}

/** The words of the sentence starting at `from`, when it is short (at most five words). */
function nextSentenceWords(tokens: LooseToken[], from: number): string[] | undefined {
  if (from >= tokens.length) return undefined;
  const sentence = (tokens[from] as LooseToken).sentence;
  let to = from;
  while (to < tokens.length && (tokens[to] as LooseToken).sentence === sentence && to - from <= 5) to += 1;
  return to - from <= 5 ? sentenceWordList(tokens, from, to) : undefined;
}

function sentenceWordList(tokens: LooseToken[], from: number, to: number): string[] {
  const out: string[] = [];
  for (let i = from; i < to; i += 1) out.push((tokens[i] as LooseToken).norm);
  return out;
}

function sentenceNorms(tokens: LooseToken[], from: number, to: number): string {
  let out = '';
  for (let i = from; i < to; i += 1) out += `${i > from ? ' ' : ''}${(tokens[i] as LooseToken).norm}`;
  return out;
}

/**
 * The group constructions of group-hate.ts on one sentence, its group mentions written as `grp`. A
 * construction reported, quoted, denied further back in the sentence, or about how others treat the group
 * goes to a person (review); otherwise it blocks.
 */
function findGroupConstructions(
  tokens: LooseToken[],
  from: number,
  to: number,
  mentions: readonly GroupMention[],
  hits: LanguageHit[],
  softenSentence: Softening,
  awareness: AwarenessDay,
): void {
  let line = '';
  const starts: number[] = [];
  const firsts: number[] = [];
  const lasts: number[] = [];
  let m = 0;
  for (let i = from; i < to; i += 1) {
    if (line.length > 0) line += ' ';
    starts.push(line.length);
    const mention = mentions[m];
    if (mention !== undefined && mention.index === i) {
      line += 'grp';
      firsts.push(i);
      lasts.push(mention.last);
      i = mention.last;
      m += 1;
    } else {
      line += (tokens[i] as LooseToken).norm;
      firsts.push(i);
      lasts.push(i);
    }
  }
  const sentence = (tokens[from] as LooseToken).sentence;
  for (const construction of groupConstructions) {
    const match = construction.pattern.exec(line);
    if (match === null) continue;
    const a = tokenAt(starts, match.index);
    const b = tokenAt(starts, match.index + match[0].length - 1);
    const first = firsts[a] as number;
    const last = lasts[b] as number;
    // "The Nazis tried to wipe out …", "learned how the regime got rid of …": history, not a call.
    if (
      (construction.why === 'threat' || construction.why === 'exclusion') &&
      constructionToldAsAccount(
        sentenceWordList(tokens, from, to),
        first - from,
        last - from,
        awareness.named(),
      )
    )
      continue;
    // "Year 10 debated whether anyone could support the deportation of …": a question, not a call.
    if (
      construction.why === 'called harm' &&
      callToldAsAccount(sentenceWordList(tokens, from, to), first - from)
    )
      continue;
    // "Year 10 discussed why the Nazis thought they were right about …": a question, not an endorsement.
    if (construction.why === 'endorsed hate' && askedAbout(sentenceWordList(tokens, from, to), first - from))
      continue;
    const before = tokens[first - 1];
    const hedged =
      construction.review === true ||
      (softenSentence.at(sentence, first) &&
        (construction.why !== 'called harm' || calledHarmReported(tokens, from, to, first, last))) ||
      (construction.why === 'called harm' && qualifiedByConduct(tokens, last, to)) ||
      (first > from && negatedBefore(tokens, first)) ||
      (before !== undefined &&
        first > from &&
        (treatmentCues.has(before.norm) || selfGroupPossessives.has(before.norm)));
    hits.push({
      rule: 'language.abuse',
      start: (tokens[first] as LooseToken).start,
      end: (tokens[last] as LooseToken).end,
      softened: hedged,
      why: `hate aimed at a group (${construction.why})`,
    });
  }
}

/**
 * A call aimed at those of a group singled out by what they do ("the deportation of immigrants who commit
 * crimes") is a policy opinion a person should judge, not a call against the whole group.
 */
function qualifiedByConduct(tokens: LooseToken[], last: number, to: number): boolean {
  for (let k = last + 1; k < Math.min(to - 1, last + 4); k += 1) {
    const w = (tokens[k] as LooseToken).norm;
    if (w !== 'who' && w !== 'that') continue;
    const verb = (tokens[k + 1] as LooseToken).norm;
    // "… who commit crimes", "… who have committed crimes", "… who were convicted".
    if (conductVerbs.has(verb)) return true;
    if (auxiliaries.has(verb) && conductVerbs.has(tokens[k + 2]?.norm ?? '')) return true;
  }
  return false;
}

/** What a subset of a group is singled out for doing: "… who commit crimes", "… who break the law". */
const conductVerbs: ReadonlySet<string> = new Set(
  'commit commits committed break breaks broke broken convicted refuse refuses sell sells deal deals'.split(
    ' ',
  ),
);
const auxiliaries: ReadonlySet<string> = new Set('have has are were been'.split(' '));

/** Subjects that make a call for harm someone else's: "people call for …", "trolls demand …". */
const thirdPartyCallers: ReadonlySet<string> = new Set(
  'people persons they someone somebody others those he she trolls extremists protesters politicians parties groups'.split(
    ' ',
  ),
);

/**
 * A call for harm is reported when the sentence has a reporting word outside the call itself or the call is
 * quoted: "call for" and "a ban on" are the call's own words, not a report of it.
 */
function calledHarmReported(
  tokens: LooseToken[],
  from: number,
  to: number,
  first: number,
  last: number,
): boolean {
  if ((tokens[first] as LooseToken).quoted) return true;
  // Someone else's call, seen or heard: "it is sad to see people call for …".
  if (first > from && thirdPartyCallers.has((tokens[first - 1] as LooseToken).norm)) return true;
  for (let i = from; i < to; i += 1) {
    if (i >= first && i <= last) continue;
    const t = tokens[i] as LooseToken;
    if (reportingCues.has(t.norm) && !t.quoted) return true;
  }
  return false;
}

/** A protected group in the sentence: "Muslims", "black people", or a group adjective on a derogatory noun. */
function findGroup(tokens: LooseToken[], from: number, to: number): GroupMention | undefined {
  for (let i = from; i < to; i += 1) {
    const t = tokens[i] as LooseToken;
    const next = tokens[i + 1];
    if (groupAdjectives.has(t.norm) && next && i + 1 < to) {
      if (peopleNouns.has(next.norm)) return { index: i, last: i + 1 };
      // "gay trash", "female vermin": the adjective names the group the noun degrades.
      if (derogations.has(next.norm) && !weakDerogations.has(next.norm)) return { index: i, last: i };
    }
    if (groupNouns.has(t.norm) || slurs.has(t.norm)) return { index: i, last: i };
  }
  return undefined;
}

const weakFramesBefore = new Set([
  'are',
  'be',
  'were',
  'is',
  'like',
  'a',
  'all',
  'me',
  'such',
  'so',
  'just',
  'utter',
  'total',
  'absolute',
  'being',
  'get',
  'that',
  'too',
  'really',
  'very',
  'always',
  'inherently',
  'naturally',
]);
const weakFramesAfter = new Set(['of', 'them', 'all', 'every']);
const predicateFrames = new Set(
  'are is were be being so that too really very always inherently naturally such just all'.split(' '),
);

function findDerogation(
  tokens: LooseToken[],
  from: number,
  to: number,
  skip: GroupMention,
): number | undefined {
  for (let i = from; i < to; i += 1) {
    if (i >= skip.index && i <= skip.last) continue;
    const t = tokens[i] as LooseToken;
    if (!derogations.has(t.norm)) continue;
    const before = tokens[i - 1]?.norm ?? '';
    if (predicateDerogations.has(t.norm)) {
      // Said of the group: the group first, then a copula or degree word just before the adjective.
      if (i <= skip.last || !predicateFrames.has(before)) continue;
    } else if (weakDerogations.has(t.norm)) {
      const after = tokens[i + 1]?.norm ?? '';
      const framedAfter = !framedBeforeOnly.has(t.norm) && weakFramesAfter.has(after);
      if (!weakFramesBefore.has(before) && !framedAfter) continue;
    }
    return i;
  }
  return undefined;
}

/** Verbs and nouns that report how someone else treats a group ("telling women to …", "your contempt for …"). */
const treatmentCues = new Set(['tell', 'tells', 'telling', 'told', 'treat', 'treats', 'treating', 'treated']);
const attitudeNouns = new Set(['contempt', 'hatred', 'hate', 'disdain', 'loathing', 'disgust']);
const othersPossessives = new Set(['your', 'ur', 'his', 'her', 'their']);
const selfGroupPossessives = new Set(['my', 'our']);

/**
 * A group and a derogation in one sentence that a person should judge rather than the engine block: the
 * sentence denies it further back than the words just before ("No X deserves to …", "X do not deserve to be
 * …", "the very opposite of …", "should never support … that treats X like …"), reports how someone else
 * treats the group, names someone else's attitude ("your contempt for X"), or uses an in-group word of one's
 * own group ("my …").
 */
function groupHateHedged(
  tokens: LooseToken[],
  from: number,
  group: GroupMention,
  derogation: number,
  question: boolean,
): boolean {
  const before = tokens[group.index - 1];
  if (before !== undefined && group.index > from) {
    // "telling women to …", "treats Sikhs like …": how someone else treats the group.
    if (treatmentCues.has(before.norm)) return true;
    // "my …": an in-group word for one's own group.
    if (selfGroupPossessives.has(before.norm)) return true;
  }
  const d = tokens[derogation] as LooseToken;
  if (attitudeNouns.has(d.norm)) {
    for (let k = derogation - 1; k >= Math.max(from, derogation - 2); k -= 1)
      if (othersPossessives.has((tokens[k] as LooseToken).norm)) return true;
  }
  // A denial of what is said of the group: the group first, then a negation that governs the derogation in
  // the same clause. Rhetorical questions ("Isn't it clear that …?") and a negation in another clause
  // ("not obvious that …", "nothing against them but …", "can't stop being …") assert it instead.
  if (question || derogation <= group.last) return false;
  let negated = false;
  for (let k = from; k < derogation; k += 1) {
    const t = tokens[k] as LooseToken;
    if (negated && clauseTurns.has(t.norm)) negated = false;
    // "nothing but contempt" is not a denial; "without a doubt" affirms.
    if (t.norm === 'nothing' && tokens[k + 1]?.norm === 'but') continue;
    if (t.norm === 'without') continue;
    if (negators.has(t.norm) || t.norm === 'opposite' || /n['’]t$/i.test(t.raw)) negated = true;
  }
  return negated;
}

/** Words after which a negation no longer governs what follows. */
const clauseTurns = new Set(['that', 'but', 'as', 'than', 'stop', 'stops', 'help']);

/** Hate aimed at a protected group: a group and a derogation in one sentence, unless denied. */
function endsWithQuestion(text: string, last: LooseToken): boolean {
  for (let k = last.end; k < text.length; k += 1) {
    const ch = text[k];
    if (ch === '?') return true;
    if (ch === ' ' || ch === '\n' || ch === '.' || ch === '!') return false;
  }
  return false;
}

function findGroupHate(
  text: string,
  tokens: LooseToken[],
  hits: LanguageHit[],
  softenSentence: Softening,
): void {
  let from = 0;
  let groupSeen = false;
  const awareness = new AwarenessDay(text);
  while (from < tokens.length) {
    const sentence = (tokens[from] as LooseToken).sentence;
    let to = from;
    while (to < tokens.length && (tokens[to] as LooseToken).sentence === sentence) to += 1;
    let mentions = groupMentions(tokens, from, to);
    // "Those X won't change. Let's just get rid of them.": a pronoun refers back to a group named earlier.
    const anaphoric = mentions.length === 0 && groupSeen;
    if (anaphoric) mentions = referringBack(tokens, from, to);
    if (mentions.length > 0) {
      groupSeen = true;
      findGroupConstructions(tokens, from, to, mentions, hits, softenSentence, awareness);
    }
    let group: GroupMention | undefined;
    let derogation: number | undefined;
    if (anaphoric) {
      // A pronoun counts only as what the derogation is said of: "I hate them", "they are vermin" (not
      // "they hate missing school").
      for (const m of mentions) {
        derogation = pronounDerogation(tokens, from, to, m);
        if (derogation !== undefined) {
          group = m;
          break;
        }
      }
    } else {
      group = findGroup(tokens, from, to) ?? mentions.find((m) => !m.classInsult);
      if (group) derogation = findDerogation(tokens, from, to, group);
    }
    if (group) {
      if (
        derogation !== undefined &&
        !negatedBefore(tokens, derogation) &&
        !harmToldAsAccount({
          norms: sentenceWordList(tokens, from, to),
          groupFirst: group.index - from,
          groupLast: group.last - from,
          harm: derogation - from,
          awareness: awareness.named(),
          after: nextSentenceWords(tokens, to),
        })
      ) {
        const a = tokens[Math.min(group.index, derogation)] as LooseToken;
        const b = tokens[Math.max(group.last, derogation)] as LooseToken;
        hits.push({
          rule: 'language.abuse',
          start: a.start,
          end: b.end,
          softened:
            softenSentence.at(sentence, derogation) ||
            groupHateHedged(
              tokens,
              from,
              group,
              derogation,
              endsWithQuestion(text, tokens[to - 1] as LooseToken),
            ),
          why: 'hate aimed at a group',
        });
      }
    }
    from = to;
  }
}

/** Whether a hit in a sentence is reported or quoted speech: a person judges it (see findLanguage). */
class Softening {
  constructor(
    private readonly tokens: readonly LooseToken[],
    private readonly sentenceHasCue: ReadonlyMap<number, boolean>,
    private readonly textHasCue: boolean,
  ) {}

  at(sentence: number, i: number): boolean {
    if (this.tokens[i]?.quoted && this.textHasCue) return true;
    return this.sentenceHasCue.get(sentence) === true;
  }
}

/** Whether the text names an awareness day, worked out on first use. */
class AwarenessDay {
  #named: boolean | undefined;
  constructor(private readonly text: string) {}

  named(): boolean {
    this.#named ??= namesAwarenessDay(this.text);
    return this.#named;
  }
}

function sentenceTextOf(tokens: readonly LooseToken[], sentence: number): string {
  return tokens
    .filter((t) => t.sentence === sentence)
    .map((t) => t.norm)
    .join(' ');
}

/** A threat or harassment phrase found from `start` to `end`, its first word at `index`. */
function pushPhrase(
  hits: LanguageHit[],
  tokens: LooseToken[],
  soften: Softening,
  start: number,
  end: number,
  index: number,
  kind: PhraseKind,
): void {
  const sentence = tokens[index]?.sentence ?? 0;
  let last = index;
  while (last + 1 < tokens.length && (tokens[last + 1] as LooseToken).start < end) last += 1;
  hits.push({
    rule: 'language.abuse',
    start,
    end,
    // "No one deserves to die", "she doesn't deserve to be hurt": a denied "should/deserves" goes to a person.
    softened:
      soften.at(sentence, Math.max(0, index)) ||
      (kind === 'normative' && index > 0 && negatedBefore(tokens, index)) ||
      // "hang all the paintings", "burn all the leaves": mass violence only counts said of people.
      (kind === 'mass' && index >= 0 && !peopleFollow(tokens, last)),
    why: 'threat or harassment',
  });
}

/**
 * Finds swearing and abuse. Works on words, never on substrings, so Scunthorpe and Penistone stay clean;
 * evasions (leet, separators, spaced or repeated letters, masked letters) are folded before lookup.
 */
export function findLanguage(
  text: string,
  lists: LanguageLists,
  isName?: (word: string) => boolean,
): LanguageHit[] {
  const hits: LanguageHit[] = [];
  const tokens = joinSplitCompounds(joinSpacedLetters(tokenize(text)));
  if (tokens.length === 0) return hits;
  respell(tokens, lists, isName);
  const lower = text.toLowerCase().replace(/’/g, "'");
  const sentenceHasCue = new Map<number, boolean>();
  for (const t of tokens) if (reportingCues.has(t.norm) && !t.quoted) sentenceHasCue.set(t.sentence, true);
  const textHasCue = sentenceHasCue.size > 0;
  const soften = new Softening(tokens, sentenceHasCue, textHasCue);

  // Words that open the sentence-level patterns below, noted on the way so those run only when needed.
  let cues = 0;
  for (let i = 0; i < tokens.length; i += 1) {
    const t = tokens[i] as LooseToken;
    const found = classify(t, lists);
    const cue = cueWords.get(t.norm);
    if (cue !== undefined) cues |= cue;
    if (!found) {
      if (cue !== undefined) {
        if ((cue & mildCue) !== 0 && !t.quoted && mildInUse(tokens, i))
          hits.push({
            rule: 'language.mild',
            start: t.start,
            end: t.end,
            softened: false,
            why: 'mild swearing',
          });
      }
      continue;
    }
    if (innocentUse(found.word, tokens, i, sentenceTextOf(tokens, t.sentence))) continue;
    const softened = soften.at(t.sentence, i);
    const directed =
      (lookBack(tokens, i, 4, (p) => secondPerson.has(p.norm)) || addressedAsYouAre(tokens, i)) &&
      !negatedBefore(tokens, i);
    switch (found.category) {
      case 'slur': {
        // "proud to be a …", "I love being a …": said of oneself, not at anyone (unless someone is addressed).
        const selfRef =
          lookBack(tokens, i, 3, (p) => selfReference.has(p.norm)) ||
          (lookBack(tokens, i, 4, (p) => selfReference.has(p.norm) || p.norm === 'being') &&
            !lookBack(tokens, i, 8, (p) => secondPerson.has(p.norm))) ||
          // The in-group spelling ("nigga") is mostly used within the group: a person judges it unless it is
          // thrown at someone.
          (reclaimedSpellings.has(found.word) && !directed) ||
          // Outdated terms in descriptive use (history, old reports): a person judges them unless aimed at someone.
          (outdatedTerms.has(found.word) && !directed);
        hits.push({
          rule: 'language.abuse',
          start: t.start,
          end: t.end,
          softened: softened || selfRef,
          why: 'slur',
        });
        break;
      }
      case 'sexual':
      case 'extraAbuse':
        hits.push({
          rule: 'language.abuse',
          start: t.start,
          end: t.end,
          softened,
          why: found.category === 'sexual' ? 'sexual content' : 'school list',
        });
        break;
      case 'insult': {
        if (directed && aboutYourThing(tokens, i)) {
          // "Your old records are worthless": the insult is about a thing of theirs, not the person.
          hits.push({
            rule: 'language.abuse',
            start: t.start,
            end: t.end,
            softened: true,
            why: 'name-calling',
          });
        } else if (directed) {
          hits.push({
            rule: 'language.abuse',
            start: t.start,
            end: t.end,
            softened,
            why: 'insult aimed at someone',
          });
        } else if (likeYouAfter(tokens, i)) {
          // "fake … like you": a plural or generic insult turned on the reader; a person judges it.
          hits.push({
            rule: 'language.unprofessional',
            start: t.start,
            end: t.end,
            softened,
            why: 'insult turned on the reader',
          });
        } else if (
          lookBack(tokens, i, 3, (p) => copulas.has(p.norm)) &&
          lookBack(tokens, i, 2, (p) => articles.has(p.norm)) &&
          !negatedBefore(tokens, i)
        ) {
          // "Mr X is an idiot": name-calling of a third person goes to a person to judge.
          hits.push({
            rule: 'language.abuse',
            start: t.start,
            end: t.end,
            softened: true,
            why: 'name-calling',
          });
        }
        if (
          !hits.some((h) => h.start === t.start) &&
          offensiveInAnyUse.has(found.word) &&
          !negatedBefore(tokens, i)
        ) {
          // "… bitches", "like a bitch": offensive on a school account even when aimed at nobody.
          hits.push({
            rule: 'language.unprofessional',
            start: t.start,
            end: t.end,
            softened,
            why: 'offensive word',
          });
        }
        break;
      }
      case 'profanity':
        hits.push({
          rule: directed && insults.has(found.word) ? 'language.abuse' : 'language.profanity',
          start: t.start,
          end: t.end,
          softened,
          why: 'swearing',
        });
        break;
    }
  }

  // One scan for all the phrases first: an ordinary comment holds none, and then the patterns are not tried.
  for (const pattern of anyPhrase.test(lower) ? globalPhrases : []) {
    const kind = phraseKinds.get(pattern);
    for (const m of matchesOf(pattern, lower)) {
      const start = m.index;
      pushPhrase(
        hits,
        tokens,
        soften,
        start,
        start + m[0].length,
        tokens.findIndex((t) => t.end > start),
        kind,
      );
    }
  }
  // The same phrases on the respelled words, when something was respelled: "d3ath to all", "k i l l",
  // "klil all", "deserve todie".
  if (tokens.some((t) => t.changed === true || t.oddChars === true)) {
    const { canonical, offsets } = canonicalText(tokens);
    for (const pattern of anyPhrase.test(canonical) ? globalPhrases : []) {
      const kind = phraseKinds.get(pattern);
      for (const m of matchesOf(pattern, canonical)) {
        const first = tokenAt(offsets, m.index);
        const last = tokenAt(offsets, m.index + m[0].length - 1);
        pushPhrase(
          hits,
          tokens,
          soften,
          (tokens[first] as LooseToken).start,
          (tokens[last] as LooseToken).end,
          first,
          kind,
        );
      }
    }
  }
  findGroupHate(text, tokens, hits, soften);
  if ((cues & runDownCue) !== 0) findRunDownPupils(lower, hits);
  if ((cues & remarkCue) !== 0) findPersonalRemarks(lower, hits);
  return dedupe(hits);
}

const words = (s: string): string[] => s.split(/\s+/).filter(Boolean);
const globalPhrases = abusePhrases.map((p) => new RegExp(p.source, 'g'));
/**
 * Matches where any of the phrases does: a text it misses needs no phrase tried. Every phrase starts at a
 * word boundary, which is tested once before the alternatives (twice as fast as a boundary in each).
 */
const anyPhrase = new RegExp(
  `\\b(?:${abusePhrases
    .map((p) => {
      if (p.flags !== '' || !p.source.startsWith('\\b'))
        throw new Error(`abuse phrases start at a word boundary and take no flags: /${p.source}/${p.flags}`);
      return `(?:${p.source.slice(2)})`;
    })
    .join('|')})`,
);
/** Phrases that say what someone should suffer ("should be killed", "deserves to die"): a denial inverts them. */
type PhraseKind = 'normative' | 'mass' | undefined;
/**
 * Phrases that say what someone should suffer ("should be killed", "deserves to die"), where a denial
 * inverts them, and calls for mass violence ("kill all", "death to"), which need people as their object.
 */
const phraseKinds = new Map<RegExp, PhraseKind>();
for (const p of globalPhrases) {
  if (p.source.startsWith('\\b(?:should|deserves')) phraseKinds.set(p, 'normative');
  else if (p.source.startsWith('\\b(?:death to|kill all')) phraseKinds.set(p, 'mass');
}

/** Words that make the object of "kill all …", "death to …" people. */
const personObjects = new Set([
  ...words(`you u ya yall ye them him her us those everyone everybody anyone of pupils pupil children child
  students student teachers teacher staff boys girls kids babies adults humans families`),
]);

/** Whether a word naming people (or a group, or a slur) follows within a few words in the same sentence. */
function peopleFollow(tokens: LooseToken[], last: number): boolean {
  const sentence = (tokens[last] as LooseToken).sentence;
  for (let k = last + 1; k < Math.min(tokens.length, last + 5); k += 1) {
    const t = tokens[k] as LooseToken;
    if (t.sentence !== sentence) return false;
    const n = t.norm;
    if (personObjects.has(n) || peopleNouns.has(n) || groupNouns.has(n) || groupAdjectives.has(n))
      return true;
    if (slurs.has(n) || insults.has(n)) return true;
  }
  return false;
}
/** Characters in a word that folding turns into letters (leet, separators). */
const respelledChars = /[^\p{L}'’]/u;

/** The respelled words joined by spaces, with sentence ends kept, and where each token starts in it. */
function canonicalText(tokens: readonly LooseToken[]): { canonical: string; offsets: number[] } {
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
function tokenAt(offsets: readonly number[], offset: number): number {
  let lo = 0;
  let hi = offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((offsets[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Undoes misspellings of the lexicon's words ("womn", "klil", "gy people"), unless the school excepts them. */
const properName = /^[A-Z][a-z]+$/;

/** Second halves of compounds people split in two: a pair is tried only when its second word is one. */
const compoundTails: ReadonlySet<string> = new Set(
  'hole holes head heads end ends wit wits face faces bag bags sucker suckers'.split(' '),
);
/** Insult and swear compounds that people split into two words; checked on adjacent word pairs. */
const splitCompounds: ReadonlySet<string> = new Set(
  [...profanity, ...insults].filter((w) => w.length >= 7 && [...compoundTails].some((t) => w.endsWith(t))),
);

/** Mild British swearing: advice by default (a school may raise it). */
const mildSwearing = new Set(['bloody', 'damn', 'damned', 'damnit', 'hell', 'sod', 'bleeding', 'flipping']);

/** "Bloody" and "hell" as swearing, not "a bloody nose" or "heaven and hell". */
function mildInUse(tokens: LooseToken[], i: number): boolean {
  const t = tokens[i] as LooseToken;
  const prev = tokens[i - 1];
  const next = tokens[i + 1];
  const same = (x: LooseToken | undefined) => x !== undefined && x.sentence === t.sentence;
  switch (t.norm) {
    case 'hell':
      return (
        (same(prev) && /^(?:the|bloody|flipping|what)$/.test(prev?.norm ?? '')) ||
        (same(next) && next?.norm === 'of')
      );
    case 'bleeding':
    case 'flipping':
      // Intensifiers only before another word: "flipping brilliant", not "the flipping of pancakes".
      return same(next) && !(same(prev) && /^(?:the|a|of|is|was|were|stop|stopped)$/.test(prev?.norm ?? ''));
    case 'bloody':
      return !(
        same(next) &&
        /^(?:nose|noses|wound|wounds|mary|marys|sunday|battle|war|history|footprints?)$/.test(
          next?.norm ?? '',
        )
      );
    case 'sod':
      return !(same(prev) && /^(?:the|of|turf|a)$/.test(prev?.norm ?? ''));
    default:
      return true;
  }
}

/** Insult words offensive on a school account in any use, not only aimed at someone. */
const offensiveInAnyUse = new Set(
  'bitch bitches bitchy slut sluts slutty whore whores skank skanky slapper hoe hoes slag twat wanker prick tosser knobhead bellend dickhead cunt scumbag nonce nonces paedo paedos pedo pedos gobshite nobhead'.split(
    ' ',
  ),
);

/** "… like you", "… like u": the insult before it is turned on the reader. */
function likeYouAfter(tokens: LooseToken[], i: number): boolean {
  const t = tokens[i] as LooseToken;
  const a = tokens[i + 1];
  const b = tokens[i + 2];
  return (
    a?.sentence === t.sentence && a.norm === 'like' && b?.sentence === t.sentence && secondPerson.has(b.norm)
  );
}

const pupilGroup =
  '(?:year|yr)\\s?\\d{1,2}[a-z]?|y\\d{1,2}|(?:my|our|the|this|that|these|those)\\s+(?:class|form|set|group|year group|tutor group|kids|pupils|students|children|lot|boys|girls|lads|year \\d{1,2}s?)';
const runDownWords =
  'lazy|useless|awful|terrible|dreadful|appalling|pathetic|hopeless|clueless|stupid|thick|dim|rubbish|a nightmare|a disgrace|an embarrassment|embarrassing|idiots|animals|feral|vile|disgusting|horrible|a joke|unteachable|morons|brainless|a waste of space|a shambles|a rabble|savages';
/** A group of pupils, a linking verb, then running them down: "Year 10 were lazy and useless today". */
const runDownPattern = new RegExp(
  `\\b(${pupilGroup})\\b((?:\\s+\\w+){0,2}?)\\s+(?:were|are|was|is|have been|has been|been|being|r)\\s+((?:\\w+\\s+){0,3}?)(?:${runDownWords})\\b`,
  'g',
);
const negation = /\b(?:not|never|no|nt|hardly|far from|anything but)\b|n't/;

// Cue words, looked up once per word in the main pass: the long patterns run only on texts holding one.
const mildCue = 1;
const runDownCue = 2;
const remarkCue = 4;
const cueWords: ReadonlyMap<string, number> = (() => {
  const map = new Map<string, number>();
  for (const w of mildSwearing) map.set(w, mildCue);
  for (const phrase of runDownWords.split('|')) {
    const last = phrase.split(' ').at(-1) as string;
    map.set(last, (map.get(last) ?? 0) | runDownCue);
  }
  for (const w of 'boobs boob tits bum butt ass arse rack chest package thighs body lips dick cock bra bras thong thongs knickers panties underwear lingerie boxers gay lesbian lesbo queer trans tranny retarded autistic virgin nudes pic pics'.split(
    ' ',
  ))
    map.set(w, (map.get(w) ?? 0) | remarkCue);
  return map;
})();

function findRunDownPupils(lower: string, hits: LanguageHit[]): void {
  for (const m of matchesOf(runDownPattern, lower)) {
    if (negation.test(`${m[2] ?? ''} ${m[3] ?? ''}`)) continue;
    hits.push({
      rule: 'language.unprofessional',
      start: m.index,
      end: m.index + m[0].length,
      softened: false,
      why: 'pupils run down',
    });
  }
}

/**
 * Remarks and questions aimed at the reader that are sexual or turn identity into an insult, with or
 * without a listed word: "who has the biggest …", "do you wear a bra", "are you gay cuz you look it".
 */
const personalRemarkPatterns: readonly RegExp[] = [
  /\b(?:who|which (?:one|girl|boy))\s+(?:has|got|have|s got)\s+(?:the\s+)?(?:biggest|smallest|largest|nicest|best|tightest|fattest)\s+(?:\w+\s+)?(?:boobs?|tits|bum|butt|ass|arse|rack|chest|package|thighs|body|lips|dick|cock)\b/g,
  /\b(?:do|did|does)\s+(?:you|u|she|he)\s+(?:wear|wearing|have on)\s+(?:a\s+|any\s+)?(?:bra|bras|thong|thongs|knickers|panties|underwear|lingerie|boxers)\b/g,
  /\b(?:what colou?r|show (?:us|me))\s+(?:is\s+|are\s+)?(?:your|ur)\s+(?:bra|thong|knickers|panties|underwear|boobs|tits|bum|butt)\b/g,
  /\b(?:are|r)\s+(?:you|u)\s+(?:a\s+)?(?:gay|lesbian|lesbo|queer|trans|tranny|retarded|autistic|a virgin)\b[^.?!]{0,20}\b(?:cuz|cos|coz|because|bc|you look|u look|you act|u act)\b/g,
  /\b(?:send|sending)\s+(?:me\s+|us\s+)?(?:nudes|pics of (?:you|u|your|ur)|a pic of (?:you|u|your|ur)\s+(?:body|bum|boobs))/g,
];

function findPersonalRemarks(lower: string, hits: LanguageHit[]): void {
  for (const pattern of personalRemarkPatterns) {
    for (const m of matchesOf(pattern, lower))
      hits.push({
        rule: 'language.abuse',
        start: m.index,
        end: m.index + m[0].length,
        softened: false,
        why: 'sexual or identity remark aimed at someone',
      });
  }
}

/** Undoes misspellings; a name on the school's roster is a name, never respelled into an abuse word. */
function respell(tokens: LooseToken[], lists: LanguageLists, isName?: (word: string) => boolean): void {
  for (let i = 0; i < tokens.length; i += 1) {
    const t = tokens[i] as LooseToken;
    // Most words are no misspelling: one look-up settles them before the exceptions are consulted.
    const fixed = respellingOf(t.norm, tokens[i + 1]?.norm);
    if (fixed === undefined || fixed === t.norm) continue;
    if (abuseVocabulary.has(t.norm) || lists.exceptions.has(t.norm) || stemExceptions.has(t.norm)) continue;
    if (isName?.(t.norm) ?? false) continue;
    // A capitalised word inside a sentence is a name ("Niger", "Nero", "Abner"): never read as a slur or a
    // sexual word. Group nouns are capitalised too ("Muzlims"), so those are still respelled.
    const midSentence = i > 0 && (tokens[i - 1] as LooseToken).sentence === t.sentence;
    if (midSentence && properName.test(t.raw) && (slurs.has(fixed) || sexual.has(fixed))) continue;
    t.norm = fixed;
    t.changed = true;
  }
}

function rank(h: LanguageHit): number {
  return (h.rule === 'language.abuse' ? 2 : 0) + (h.softened ? 0 : 1);
}

function dedupe(hits: LanguageHit[]): LanguageHit[] {
  // Keep the strongest hit where spans overlap: abuse over profanity, unsoftened over softened.
  if (hits.length <= 1) return hits;
  const sorted = [...hits].sort((a, b) => rank(b) - rank(a) || a.start - b.start);
  const kept: LanguageHit[] = [];
  for (const h of sorted) {
    if (kept.some((k) => h.start < k.end && h.end > k.start && rank(k) >= rank(h))) continue;
    kept.push(h);
  }
  return kept.sort((a, b) => a.start - b.start);
}

export function compileLanguageLists(settings: {
  extraAbuseWords?: readonly string[];
  extraProfanityWords?: readonly string[];
  languageExceptions?: readonly string[];
}): LanguageLists {
  const fold = (list: readonly string[] | undefined) =>
    new Set((list ?? []).map((w) => foldLoose(w)).filter((w) => w.length > 0));
  return {
    extraAbuse: fold(settings.extraAbuseWords),
    extraProfanity: fold(settings.extraProfanityWords),
    exceptions: fold(settings.languageExceptions),
  };
}
