import { chunkCacheLimit, foldLoose, type LooseToken } from './language-tokens.js';
import { insults, profanity, sexual, slurs, stemExceptions, strongStems } from './lexicon.js';

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
// Per school lists: the category of each folded word, worked out once (most words are "none", kept as null
// so one look-up settles a word).
const classifyCaches = new WeakMap<LanguageLists, Map<string, Classified | null>>();

/** The classifier of one school's lists: read it once per text, then one look-up per word. */
export function classifierFor(lists: LanguageLists): (norm: string) => Classified {
  let cache = classifyCaches.get(lists);
  if (cache === undefined) {
    cache = new Map();
    classifyCaches.set(lists, cache);
  }
  const known = cache;
  return (norm) => {
    const hit = known.get(norm);
    if (hit !== undefined) return hit ?? undefined;
    const found = classifyWord(norm, lists);
    if (known.size >= chunkCacheLimit) known.clear();
    known.set(norm, found ?? null);
    return found;
  };
}

export function classify(token: LooseToken, lists: LanguageLists): Classified {
  return classifierFor(lists)(token.norm);
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
