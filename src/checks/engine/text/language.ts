import { abuseVocabulary, respellingOf } from './evasion.js';
import { classInsults } from './group-hate.js';
import { findGroupHate } from './group-hate-find.js';
import {
  aboutYourThing,
  addressedAsYouAre,
  articles,
  copulas,
  innocentUse,
  lookBack,
  negatedBefore,
  outdatedTerms,
  reclaimedSpellings,
  Softening,
  secondPerson,
  selfReference,
} from './innocent-use.js';
import { classifierFor, type LanguageHit, type LanguageLists } from './language-classify.js';
import {
  canonicalText,
  joinSpacedLetters,
  joinSplitCompounds,
  type LooseToken,
  tokenAt,
  tokenize,
} from './language-tokens.js';
import {
  abusePhrases,
  groupAdjectives,
  groupNouns,
  insults,
  peopleNouns,
  reportingCues,
  sexual,
  slurs,
  stemExceptions,
} from './lexicon.js';
import { matchesOf } from './matches.js';

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

/** The words the language rules read: spaced letters and split compounds joined, misspellings undone. */
export function languageTokens(
  text: string,
  lists: LanguageLists,
  isName?: (word: string) => boolean,
): LooseToken[] {
  const tokens = joinSplitCompounds(joinSpacedLetters(tokenize(text)));
  if (tokens.length > 0) respell(tokens, lists, isName);
  return tokens;
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
  const tokens = languageTokens(text, lists, isName);
  if (tokens.length === 0) return hits;
  const lower = text.toLowerCase().replace(/’/g, "'");
  // Words that open the sentence-level patterns below, looked up once per word, so those patterns run
  // only when needed; a reporting word ("said", "reported") softens its sentence.
  const sentenceHasCue = new Map<number, boolean>();
  const cueOf: (number | undefined)[] = new Array(tokens.length);
  let cues = 0;
  for (let i = 0; i < tokens.length; i += 1) {
    const t = tokens[i] as LooseToken;
    const cue = cueWords.get(t.norm);
    cueOf[i] = cue;
    if (cue === undefined) continue;
    cues |= cue;
    if ((cue & reportCue) !== 0 && !t.quoted) sentenceHasCue.set(t.sentence, true);
  }
  const textHasCue = sentenceHasCue.size > 0;
  const soften = new Softening(tokens, sentenceHasCue, textHasCue);
  const classify = classifierFor(lists);

  for (let i = 0; i < tokens.length; i += 1) {
    const t = tokens[i] as LooseToken;
    const found = classify(t.norm);
    const cue = cueOf[i];
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
  // Group hate needs a group named (or a slur, or an insult used as a class noun) somewhere in the text.
  if ((cues & groupCue) !== 0) findGroupHate(text, tokens, hits, soften);
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

/** Undoes misspellings of the lexicon's words ("womn", "klil", "gy people"), unless the school excepts them. */
const properName = /^[A-Z][a-z]+$/;

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
const reportCue = 8;
const groupCue = 16;
/** Whether a word may open group hate (a group named, a slur, an insult used as a class noun). */
export function isGroupCue(norm: string): boolean {
  return ((cueWords.get(norm) ?? 0) & groupCue) !== 0;
}

const cueWords: ReadonlyMap<string, number> = (() => {
  const map = new Map<string, number>();
  for (const w of reportingCues) map.set(w, reportCue);
  for (const set of [groupAdjectives, groupNouns, slurs, classInsults])
    for (const w of set) map.set(w, (map.get(w) ?? 0) | groupCue);
  for (const w of mildSwearing) map.set(w, (map.get(w) ?? 0) | mildCue);
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
