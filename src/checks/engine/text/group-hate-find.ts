import { classInsults, groupConstructions } from './group-hate.js';
import { AwarenessDay, dogContext, negatedBefore, type Softening } from './innocent-use.js';
import type { LanguageHit } from './language-classify.js';
import { type LooseToken, tokenAt } from './language-tokens.js';
import {
  derogations,
  framedBeforeOnly,
  groupAdjectives,
  groupNouns,
  negators,
  peopleNouns,
  predicateDerogations,
  predicateFrames,
  reportingCues,
  slurs,
  weakDerogations,
  weakFramesAfter,
  weakFramesBefore,
} from './lexicon.js';
import {
  askedAbout,
  callToldAsAccount,
  constructionToldAsAccount,
  harmToldAsAccount,
} from './reported-harm.js';

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

export function findGroupHate(
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
