import type { LooseToken } from './language-tokens.js';
import { negators } from './lexicon.js';
import { namesAwarenessDay } from './reported-harm.js';

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
export const dogContext =
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
export const selfReference = new Set([
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
export const secondPerson = new Set([
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
export const copulas = new Set(['is', 'are', 'was', 'were', 'hes', 'shes', 'theyre', 'its', 'be']);
export const articles = new Set([
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
export function innocentUse(word: string, tokens: LooseToken[], i: number, sentenceText: string): boolean {
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

export function lookBack(
  tokens: LooseToken[],
  i: number,
  n: number,
  test: (t: LooseToken) => boolean,
): boolean {
  const sentence = (tokens[i] as LooseToken).sentence;
  for (let k = i - 1; k >= Math.max(0, i - n); k -= 1) {
    const t = tokens[k] as LooseToken;
    if (t.sentence !== sentence) return false;
    if (test(t)) return true;
  }
  return false;
}

/** "You are nothing but a …", "you're just a …": the word is said of the person addressed. */
export function addressedAsYouAre(tokens: LooseToken[], i: number): boolean {
  const sentence = (tokens[i] as LooseToken).sentence;
  for (let k = i - 1; k >= Math.max(0, i - 7); k -= 1) {
    const t = tokens[k] as LooseToken;
    if (t.sentence !== sentence) return false;
    if (t.norm === 'youre' || t.norm === 'ur') return true;
    if (secondPerson.has(t.norm) && youCopulas.has(tokens[k + 1]?.norm ?? '')) return true;
  }
  return false;
}
export const reclaimedSpellings = new Set(['nigga', 'niggas', 'niggaz']);
export const outdatedTerms = new Set(['negro', 'negroes']);
const youCopulas = new Set(['are', 'r', 're', 'were', 'is']);

const possessiveFollowers = new Set(['a', 'an', 'so', 'such', 'just', 'nothing', 'the', 'really', 'very']);

/**
 * The only address before an insult is "your" starting a noun phrase ("your broken records are worthless"):
 * the insult describes the thing. "your a loser" (for "you're") and "you are …" are still aimed at the person.
 */
export function aboutYourThing(tokens: LooseToken[], i: number): boolean {
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

export function negatedBefore(tokens: LooseToken[], i: number): boolean {
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

/** Whether a hit in a sentence is reported or quoted speech: a person judges it (see findLanguage). */
export class Softening {
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
export class AwarenessDay {
  #named: boolean | undefined;
  constructor(private readonly text: string) {}

  named(): boolean {
    this.#named ??= namesAwarenessDay(this.text);
    return this.#named;
  }
}
