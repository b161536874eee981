import { doubleMetaphone } from 'double-metaphone';
import type { IndexedPerson, RosterIndex } from '../roster-index.js';
import { dictionaryWords } from './dictionary.js';
import { phoneticKey } from './fold.js';
import {
  ambiguousNames,
  honorifics,
  months,
  notNameFollowers,
  notNameLeaders,
  personFollowers,
  personLeaders,
  wordSurnames,
} from './name-words.js';
import { nicknameGroups } from './nicknames.js';
import type { WordToken } from './tokens.js';

export type NameHitKind = 'pupil-full' | 'pupil-given' | 'carer-full';

export interface NameHit {
  kind: NameHitKind;
  start: number;
  end: number;
  /** Pupils this may be (a given name alone can fit several). */
  pupilIds: string[];
  carerId?: string;
}

const sentenceBreak = /[.!?\n,;:()]/;

/** Whether the tokens from `from` spell `words`, joined by spaces, hyphens, underscores or CamelCase. */
function spells(
  tokens: readonly WordToken[],
  from: number,
  words: readonly string[],
  afterInitial = false,
): boolean {
  for (let k = 0; k < words.length; k += 1) {
    const t = tokens[from + k];
    if (t === undefined || t.norm !== words[k]) return false;
    // "A. Jones": the full stop after an initial does not end a sentence.
    const gap = afterInitial && k === 0 ? t.gapBefore.replace(/^\.\s?/, ' ') : t.gapBefore;
    if (sentenceBreak.test(gap)) return false;
  }
  return words.length > 0;
}

interface FullMatch {
  people: IndexedPerson[];
  /** Index of the last token of the name. */
  last: number;
}

/** Family name right after `i` (or after one middle name), for the candidates given. */
function matchFamily(
  tokens: readonly WordToken[],
  i: number,
  candidates: readonly number[] | undefined,
  people: readonly IndexedPerson[],
  afterInitial = false,
): FullMatch | undefined {
  if (!candidates) return undefined;
  for (const skip of [1, 2]) {
    if (skip === 2 && (afterInitial || !tokens[i + 1]?.cap)) break;
    const found: IndexedPerson[] = [];
    let last = -1;
    for (const position of candidates) {
      const person = people[position] as IndexedPerson;
      if (spells(tokens, i + skip, person.familyWords, afterInitial)) {
        found.push(person);
        last = i + skip + person.familyWords.length - 1;
      }
    }
    if (found.length > 0) return { people: found, last };
  }
  return undefined;
}

/** The words are a member of staff's full name, and this pupil is only reached through a variant. */
function isStaffNotPupil(index: RosterIndex, given: string, person: IndexedPerson): boolean {
  return (
    index.staffNames.size > 0 &&
    index.staffNames.has(`${given} ${person.familyWords.join(' ')}`) &&
    !person.givenNames.includes(given)
  );
}

/**
 * Anchored on the family name: a roster surname after a first name that is a known variant of the
 * pupil's given or preferred name (two steps through the nickname table), a prefix of it (3+ letters:
 * "Jeff" for Jeffrey) or sounds like it (Double Metaphone, or the rough key: Mohamed for Muhammad). The
 * loose readings need a capitalised word that is not an everyday word, and never take a member of
 * staff's own name for a pupil's.
 */
function matchSurnameAnchored(
  tokens: readonly WordToken[],
  i: number,
  index: RosterIndex,
): FullMatch | undefined {
  const t = tokens[i] as WordToken;
  const next = tokens[i + 1];
  if (!next || t.norm.length < 3 || !(t.cap || next.cap)) return undefined;
  const sameFamily = index.pupilsByFamily.get(next.norm);
  if (!sameFamily) return undefined;
  const key = phoneticKey(t.norm);
  let sounds: string[] | undefined;
  const everyday = dictionaryWords.has(t.norm) && !nicknameGroups.has(t.norm);
  const found: IndexedPerson[] = [];
  let last = -1;
  for (const position of sameFamily) {
    const person = index.pupils[position] as IndexedPerson;
    if (!spells(tokens, i + 1, person.familyWords)) continue;
    let fits = person.givenForms.has(t.norm) || person.givenKeys.has(key);
    if (!fits && t.cap && !everyday) {
      fits = person.givenNames.some((n) => n.length > t.norm.length && n.startsWith(t.norm));
      if (!fits) {
        sounds ??= doubleMetaphone(t.norm).filter((c) => c.length >= 2);
        fits = sounds.some((c) => person.givenSounds.has(c));
      }
    }
    if (!fits) continue;
    if (isStaffNotPupil(index, t.norm, person)) continue;
    found.push(person);
    last = i + person.familyWords.length;
  }
  return found.length > 0 ? { people: found, last } : undefined;
}

/** A given name alone that is also a word (Grace, Will, May) counts only with context. */
function ambiguousNameInUse(tokens: readonly WordToken[], i: number): boolean {
  const t = tokens[i] as WordToken;
  const prev = tokens[i - 1];
  const next = tokens[i + 1];
  const nextJoined = next !== undefined && !sentenceBreak.test(next.gapBefore);
  const prevJoined = prev !== undefined && !sentenceBreak.test(t.gapBefore);
  if (nextJoined && notNameFollowers.has(next.norm)) return false;
  if (prevJoined && notNameLeaders.has(prev.norm)) return false;
  if (months.has(t.norm)) {
    // "on 5 May", "May 2025", "May 5th": a date, not a girl.
    if (prevJoined && /^\d/.test(prev.raw)) return false;
    if (nextJoined && /^\d/.test(next.raw)) return false;
  }
  if (!t.cap) {
    // Lower case: only straight after a greeting that takes a person ("well done grace").
    return prevJoined && personLeaders.has(prev.norm);
  }
  if (!t.sentenceStart && !(t.inTag && prev === undefined)) return true;
  // Sentence start: "Will you join us?" is a verb; "Will scored twice" is a boy.
  if (nextJoined && personFollowers.has(next.norm)) return true;
  return false;
}

/**
 * Finds pupils' and carers' names in tokenised text. Full names (given or short form + family name,
 * initial + family name) and given names alone; carers only by full name.
 */
export function findNames(tokens: readonly WordToken[], index: RosterIndex): NameHit[] {
  const hits: NameHit[] = [];
  if (index.pupils.length === 0 && index.carers.length === 0) return hits;
  for (let i = 0; i < tokens.length; i += 1) {
    const t = tokens[i] as WordToken;
    // Most words start no name: not a given name, not an initial, not before a pupil's surname, not a tag.
    if (
      !index.nameStarts.has(t.norm) &&
      t.raw.length !== 1 &&
      !t.inTag &&
      !index.pupilsByFamily.has(tokens[i + 1]?.norm ?? '')
    )
      continue;
    const prev = tokens[i - 1];
    if (prev && honorifics.has(prev.norm) && !sentenceBreak.test(t.gapBefore.replace('.', ''))) continue;

    // "A. Jones", "A Jones": an initial and a pupil's family name.
    if (t.raw.length === 1 && t.cap && tokens[i + 1]?.cap) {
      const family = matchFamily(
        tokens,
        i,
        index.pupilsByFamily.get(tokens[i + 1]?.norm ?? ''),
        index.pupils,
        true,
      );
      const initialOk = family?.people.filter((p) => p.initials.has(t.norm));
      if (family && initialOk && initialOk.length > 0 && !t.gapBefore.endsWith("'")) {
        hits.push(hit('pupil-full', tokens, i, family.last, initialOk));
        i = family.last;
        continue;
      }
    }

    // A member of staff's own full name: not a pupil's, unless a pupil is registered under it exactly.
    const after = tokens[i + 1];
    if (index.staffNames.size > 0 && after && index.staffNames.has(`${t.norm} ${after.norm}`)) {
      const exact = (index.pupilsByFamily.get(after.norm) ?? []).some((p) =>
        (index.pupils[p] as IndexedPerson).givenNames.includes(t.norm),
      );
      if (!exact) {
        i += 1;
        continue;
      }
    }

    const pupilCandidates = index.pupilsByGiven.get(t.norm);
    const ambiguous = ambiguousNames.has(t.norm) || t.norm.length <= 2;
    const next = tokens[i + 1];
    // A word-name in lower case still starts a full name when a pupil's surname follows it ("daisy jenkins",
    // "@poppy_hughes"), unless that surname is itself an everyday word ("may green").
    const mayBeFull =
      !ambiguous ||
      t.cap ||
      next?.cap === true ||
      t.inTag ||
      (next !== undefined && !ambiguousNames.has(next.norm) && !wordSurnames.has(next.norm));
    let full = mayBeFull ? matchFamily(tokens, i, pupilCandidates, index.pupils) : undefined;
    if (full) {
      const people = full.people.filter((p) => !isStaffNotPupil(index, t.norm, p));
      full = people.length > 0 ? { people, last: full.last } : undefined;
    }
    if (mayBeFull && full === undefined) full = matchSurnameAnchored(tokens, i, index);
    if (full) {
      hits.push(hit('pupil-full', tokens, i, full.last, full.people));
      i = full.last;
      continue;
    }
    if (mayBeFull) {
      const carer = matchFamily(tokens, i, index.carersByGiven.get(t.norm), index.carers);
      if (carer) {
        const first = carer.people[0] as IndexedPerson;
        hits.push({
          kind: 'carer-full',
          start: t.start,
          end: (tokens[carer.last] as WordToken).end,
          pupilIds: [...new Set(carer.people.flatMap((c) => c.pupilIds))],
          carerId: first.id,
        });
        i = carer.last;
        continue;
      }
    }
    if (pupilCandidates && (!ambiguous || ambiguousNameInUse(tokens, i))) {
      hits.push(
        hit(
          'pupil-given',
          tokens,
          i,
          i,
          pupilCandidates.map((p) => index.pupils[p] as IndexedPerson),
        ),
      );
      continue;
    }
    if (t.inTag && t.norm.length >= 6 && t.norm === t.raw) {
      const joined = findJoinedName(t.norm, index);
      if (joined) hits.push({ kind: 'pupil-full', start: t.start, end: t.end, pupilIds: joined });
    }
  }
  return hits;
}

function hit(
  kind: NameHitKind,
  tokens: readonly WordToken[],
  first: number,
  last: number,
  people: IndexedPerson[],
) {
  return {
    kind,
    start: (tokens[first] as WordToken).start,
    end: (tokens[last] as WordToken).end,
    pupilIds: people.map((p) => p.id),
  };
}

/** #welldoneameliajones: any pupil's given+family name inside a lower-case hashtag. */
function findJoinedName(word: string, index: RosterIndex): string[] | undefined {
  for (let from = 0; from < word.length; from += 1) {
    const longest = Math.min(word.length, from + index.longestJoinedName);
    for (let to = from + 6; to <= longest; to += 1) {
      const found = index.pupilsByJoinedName.get(word.slice(from, to));
      if (found) return found.map((p) => (index.pupils[p] as IndexedPerson).id);
    }
  }
  return undefined;
}
