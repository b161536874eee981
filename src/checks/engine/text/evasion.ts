/**
 * Undoing the spellings people use to get abuse past a filter, on words already folded by `foldLoose`
 * (lower case, leet mapped): a letter dropped ("womn"), two letters swapped ("klil"), words run together
 * ("womendisgust") and letters spaced out ("a b i t c h"). Everything here works on whole words and on
 * tables built once at start-up, so an ordinary comment costs a few set look-ups per word.
 */
import { dictionaryWords } from './dictionary.js';
import {
  derogations,
  groupAdjectives,
  groupNouns,
  insults,
  peopleNouns,
  profanity,
  sexual,
  slurs,
  threatWords,
} from './lexicon.js';

const words = (s: string): string[] => s.split(/\s+/).filter(Boolean);

/** Every word the language rules know: what an evasion is undone towards. */
export const abuseVocabulary: ReadonlySet<string> = new Set([
  ...slurs,
  ...sexual,
  ...insults,
  ...derogations,
  ...groupNouns,
  ...groupAdjectives,
  ...peopleNouns,
  ...profanity,
  ...threatWords,
]);

/**
 * Everyday words that run into others ("stabthose", "todie", "peopledisgust"). A run-together word is only
 * split when one half is in the abuse vocabulary and the other is here or there too.
 */
export const glueWords: ReadonlySet<string> = new Set(
  words(`a an the to of in on at by for from with and or but so as is are was were be been being am
  i me my mine we us our you your yours he him his she her hers it its they them their theirs this that these
  those all any every each some no not never just only very much more most too like such what who whom
  which why how when where there here then than if will would shall should can could may might must do does
  did done have has had get gets got go goes going gonna want wants see make makes made let lets
  people person men women folk behaviour behavior kind kinds lot lives many such absolute absolutely total
  totally utter utterly complete completely typical bloody massive massively really proper right real`),
);

/**
 * Words that look like a dropped-letter or swapped-letter spelling of an abuse word but are ordinary English
 * (wore ← whore, omen ← women, back ← black, veil ← evil). Never corrected.
 */
const realWords: ReadonlySet<string> = new Set(
  words(`wore omen back lack rash tans itch ill hat ate ape rap dad tab hoot tick hick veil lair vie sum
  dub lit cot cow cows pig pis tan ran wan lag sag rag bag nit wit dim twit hit kit kin sin tin pin fin din bin
  fat far fag rat cat mat pat sat vat rot pot lot hot not dot got tot cut gut hut nut put rut but bat
  slat sale scan clan plan than then them they thy the she he hen hey why who how now new few dew
  shot shoo hoe hoes ho tit its sit tis pit pits wits knit knob snob slob blob bob rob mob sob job jobs
  lion loin line lien liar lair rail rial trail trial angel angle form from dog god sliver silver diary
  dairy casual causal united untied marital martial spot stop pots tops post pest step pets sect
  disable disables mobs moron tramp trap ramp camp cram cramp damp lamp clamp
  deal dale lead lade read dear dare date data hare hear heat hate aped apse ares asia bone boob boos brow
  carp chin crepe dido dyes fats hats hits hind horn ills lies live lose moon morn none once oner pets pick
  pike pole pols pony poos punk puss rick sank sine site sits soot sunk tamp tram wine whit wite wast wats
  bang clow cons coos lira stuf dose dogs frau fats folk pest prev rown slam spun stub trap tras wake wade
  backs baned caner capping chins chines criminal eaten garage hitter hitting india indias inger lacks lathe
  lathes laughter latins loath loses miner mining moons monkey morns nones onces picks pikes polis pooter
  ricks rigging ripple ripples sagging sapper sitter sitting tabbed theat thieve treat waker waking waning
  weird wores refuge refuges itches itchy sexing hinds hared laughtered muslime muslimes jihad jihads
  corn anger dirt smell greed sneak snaky down beats bests violet strange stranged insets sponges scrounges
  shooing aping rainless crue scon scor drow dron`),
);

/**
 * Words of the vocabulary too ambiguous to correct towards: short ones (ass, cock, dick, cum, tit …) and
 * slurs one letter away from everyday words (troon ← toon, groid ← grid, spacker ← packer, taigs ← tags).
 */
const notTargets: ReadonlySet<string> = new Set(
  words(
    `ass arse cock cocks dick dicks tit tits cum cow cows pig pigs rat rats dumb thick joke hoe hoes lot
    troon troons groid groids spacker spackers taig taigs tard tards foid foids heeb heebs dago dagos lezza
    lezzer lezzers polack polacks jihadi jihadis kyke squaw squaws injun injuns roma romany muzrat muzrats`,
  ),
);

/**
 * A dictionary word is never read as a misspelling ("pics" is not "spics", "chin" not "chink"). The one
 * exception is a singular standing for the vocabulary's plural ("insect" → "insects"): that is the same
 * word, not a respelling of another one.
 */
function isRealWord(word: string): boolean {
  return dictionaryWords.has(word);
}

function pluralOf(target: string, word: string): boolean {
  return target === `${word}s` || target === `${word}es`;
}

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i += 1) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

function transpositions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < word.length; i += 1) {
    if (word[i] === word[i + 1]) continue;
    out.push(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
  }
  return out;
}

function buildVariants(minTarget: number, minVariant: number): Map<string, string> {
  const variants = new Map<string, string>();
  for (const target of abuseVocabulary) {
    if (target.length < minTarget || notTargets.has(target) || target.includes('-')) continue;
    for (const v of [...deletions(target), ...transpositions(target)]) {
      if (v.length < minVariant || abuseVocabulary.has(v) || realWords.has(v) || glueWords.has(v)) continue;
      if (isRealWord(v) && !pluralOf(target, v)) continue;
      // "womn" spells women and woman: the first reading is as good as the other.
      if (!variants.has(v)) variants.set(v, target);
    }
  }
  return variants;
}

/** Misspelling (one letter dropped or two swapped) → the vocabulary word it spells. Built once. */
const variants = buildVariants(4, 4);
// Three-letter spellings are mostly real words (ban, con, kid); only these well-known ones count.
for (const [short, target] of [
  ['fuk', 'fuck'],
  ['fck', 'fuck'],
  ['kil', 'kill'],
]) {
  variants.set(short as string, target as string);
}

/** "gy person", "trns people": two-letter spellings of group adjectives count only before a people noun. */
const shortGroupVariants = new Map<string, string>();
for (const adjective of groupAdjectives)
  for (const v of deletions(adjective))
    if (v.length >= 2 && !glueWords.has(v) && !realWords.has(v) && !abuseVocabulary.has(v) && !isRealWord(v))
      shortGroupVariants.set(v, adjective);

/** The vocabulary word a folded token spells, allowing one dropped or swapped letter; undefined if none. */
export function correctSpelling(norm: string, nextNorm?: string): string | undefined {
  if (abuseVocabulary.has(norm)) return norm;
  return respellingOf(norm, nextNorm);
}

/**
 * The vocabulary word a folded token is a misspelling of (one letter dropped or swapped), for a word not
 * in the vocabulary itself: one map look-up for nearly every word, since most words are no misspelling.
 */
export function respellingOf(norm: string, nextNorm?: string): string | undefined {
  if (norm.length >= 3) {
    const v = variants.get(norm);
    if (v !== undefined) return v;
  }
  if (nextNorm !== undefined && norm.length <= 4 && peopleNouns.has(nextNorm)) {
    return shortGroupVariants.get(norm);
  }
  return undefined;
}

/** Ordinary words that happen to be two known words run together. */
const notRunTogether: ReadonlySet<string> = new Set(
  words(`therapist therapists manslaughter transit transits kindred lives outlive pigsty hatband
  hatbox whatever whoever however wherever together nowhere somewhere anywhere everywhere somewhat
  someone anyone everyone itself herself himself themselves ourselves yourself yourselves myself
  into onto upon within without cannot another others mankind womankind amen aside`),
);

/** Words a run-together word may be made of, and the abuse words proper among them (not "to", "people"). */
const knownWords: ReadonlySet<string> = new Set([...abuseVocabulary, ...glueWords, ...variants.keys()]);
const strongWords: ReadonlySet<string> = new Set(
  [...abuseVocabulary, ...variants.keys()].filter((w) => !glueWords.has(w) && !peopleNouns.has(w)),
);
const knownLengths: readonly boolean[] = (() => {
  const lengths: boolean[] = [];
  for (const w of knownWords) lengths[w.length] = true;
  return lengths;
})();

/**
 * Splits a word run together from two ("womendisgust" → women + disgust, "todie" → to + die) when one half
 * is an abuse word and the other a known word; returns the split point, or undefined.
 */
// One half must be an abuse word, so the word must begin or end like one: a cheap test before any split.
const strongStarts: ReadonlySet<string> = new Set([...strongWords].map((w) => w.slice(0, 3)));
const strongEnds: ReadonlySet<string> = new Set([...strongWords].map((w) => w.slice(-3)));

const oneLetterRepeated = /^(.)\1+$/;

export function splitRunTogether(norm: string): number | undefined {
  if (norm.length < 5 || notRunTogether.has(norm) || abuseVocabulary.has(norm)) return undefined;
  if (!strongStarts.has(norm.slice(0, 3)) && !strongEnds.has(norm.slice(-3))) return undefined;
  if (isRealWord(norm)) return undefined;
  const n = norm.length;
  for (let cut = 1; cut <= n - 2; cut += 1) {
    if (knownLengths[cut] !== true || knownLengths[n - cut] !== true) continue;
    const left = norm.slice(0, cut);
    if (!knownWords.has(left)) continue;
    const right = norm.slice(cut);
    if (!knownWords.has(right)) continue;
    // "Abner" is not "a" + "bner": a lone letter joins only a word of the vocabulary proper, not a misspelling.
    if (
      (left.length === 1 && !abuseVocabulary.has(right)) ||
      (right.length === 1 && !abuseVocabulary.has(left))
    )
      continue;
    // "thanxxx", "sooo": one letter stretched at the end (or start) of a word is not a second word.
    if (oneLetterRepeated.test(right) || oneLetterRepeated.test(left)) continue;
    if (strongWords.has(left) || strongWords.has(right)) return cut;
  }
  return undefined;
}

/**
 * For letters spaced out ("a b i t c h", "w o m a n I"), which of the run belongs to the word: a leading
 * "a"/"i" may be the article or pronoun and a trailing one the next word. Returns [from, to) into the run.
 */
export function trimSpacedRun(letters: string): [number, number] {
  const n = letters.length;
  const candidates: [number, number][] = [[0, n]];
  const edge = (ch: string | undefined) => ch === 'a' || ch === 'i';
  if (edge(letters[0])) candidates.push([1, n]);
  if (edge(letters[n - 1])) candidates.push([0, n - 1]);
  if (edge(letters[0]) && edge(letters[n - 1])) candidates.push([1, n - 1]);
  for (const [from, to] of candidates) {
    if (to - from >= 3 && correctSpelling(letters.slice(from, to)) !== undefined) return [from, to];
  }
  return [0, n];
}
