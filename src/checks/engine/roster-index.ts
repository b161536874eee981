import { doubleMetaphone } from 'double-metaphone';
import { dictionaryWords } from './text/dictionary.js';
import { foldNameWords, phoneticKey } from './text/fold.js';
import { baseNicknameGroups, nicknameGroups } from './text/nicknames.js';

export interface RosterPupilInput {
  id: string;
  givenName: string;
  familyName: string;
  preferredName?: string;
  /** ISO date. */
  dateOfBirth?: string;
  status: 'current' | 'left';
  /** ISO date. */
  leftOn?: string;
}

export interface RosterCarerInput {
  id: string;
  givenName: string;
  familyName: string;
  pupilIds: string[];
}

export interface RosterInput {
  pupils: readonly RosterPupilInput[];
  carers: readonly RosterCarerInput[];
  /** Staff names: a teacher's own name is never taken for a pupil's by a loose (variant, sound) match. */
  staff?: readonly { givenName: string; familyName: string }[];
}

export interface IndexedPerson {
  id: string;
  /** Display name (never printed in findings; used for redaction initials). */
  givenName: string;
  familyName: string;
  /** Folded family name words: Smith-Jones → ['smith', 'jones']. */
  familyWords: readonly string[];
  /** First letters of given and preferred names, folded. */
  initials: ReadonlySet<string>;
  /** Phonetic keys of the given and preferred names. */
  givenKeys: ReadonlySet<string>;
  /** Folded given and preferred names as registered. */
  givenNames: readonly string[];
  /** The names with their variants, two steps through the nickname table (Babs → Barbara → Bobbie). */
  givenForms: ReadonlySet<string>;
  /** Double Metaphone codes of the given and preferred names. */
  givenSounds: ReadonlySet<string>;
  /** Pupils linked to a carer (empty for pupils). */
  pupilIds: readonly string[];
}

/** The roster, shaped for fast matching. Build it once per roster change and share it between checks. */
export interface RosterIndex {
  readonly pupils: readonly IndexedPerson[];
  readonly carers: readonly IndexedPerson[];
  /** Folded given name, preferred name or variant → pupil positions. */
  readonly pupilsByGiven: ReadonlyMap<string, readonly number[]>;
  /** First folded family word → pupil positions. */
  readonly pupilsByFamily: ReadonlyMap<string, readonly number[]>;
  /** Folded exact given/preferred name → carer positions (carers are matched by full name only). */
  readonly carersByGiven: ReadonlyMap<string, readonly number[]>;
  /** given+family without spaces → pupil positions, for lower-case hashtags such as #ameliajones. */
  readonly pupilsByJoinedName: ReadonlyMap<string, readonly number[]>;
  readonly longestJoinedName: number;
  /** Pupils left out because they left and are 18 or over (for reporting). */
  readonly excludedLeavers: number;
  /** Staff full names, folded, "given family". */
  readonly staffNames: ReadonlySet<string>;
  /**
   * Every word a name can start with (a pupil's given name or variant, a carer's or a member of staff's
   * given name): most words of a text are none of these, and only a surname after them is then looked at.
   */
  readonly nameStarts: ReadonlySet<string>;
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  if (key.length === 0) return;
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else if (list[list.length - 1] !== value) list.push(value);
}

/** Whether someone born on `dateOfBirth` is under 18 on `today` (ISO dates compare as strings). */
export function isUnder18(dateOfBirth: string, today: string): boolean {
  const year = Number(dateOfBirth.slice(0, 4));
  const eighteenth = `${String(year + 18).padStart(4, '0')}${dateOfBirth.slice(4, 10)}`;
  return today < eighteenth;
}

function pupilCounts(pupil: RosterPupilInput, today: string): boolean {
  if (pupil.status === 'current') return true;
  // A leaver with no date of birth is kept: we cannot show they are 18, and missing a child is worse.
  if (!pupil.dateOfBirth) return true;
  return isUnder18(pupil.dateOfBirth, today);
}

/**
 * Builds the matcher for current pupils and leavers under 18 on `today`, and their carers. Given names are
 * indexed with their short forms from the nickname table (Isabella ↔ Izzy) both ways.
 */
export function buildRosterIndex(input: RosterInput, today: string): RosterIndex {
  const pupils: IndexedPerson[] = [];
  const pupilsByGiven = new Map<string, number[]>();
  const pupilsByFamily = new Map<string, number[]>();
  const pupilsByJoinedName = new Map<string, number[]>();
  let longestJoinedName = 0;
  let excludedLeavers = 0;
  for (const p of input.pupils) {
    if (!pupilCounts(p, today)) {
      excludedLeavers += 1;
      continue;
    }
    const position = pupils.length;
    const familyWords = foldNameWords(p.familyName);
    const givenWords = foldNameWords(p.givenName);
    const preferredWords = p.preferredName ? foldNameWords(p.preferredName) : [];
    const names = [givenWords[0], preferredWords[0]].filter((n): n is string => n !== undefined);
    const initials = new Set<string>();
    const givenKeys = new Set<string>();
    for (const name of names) {
      initials.add(name[0] as string);
      givenKeys.add(phoneticKey(name));
      push(pupilsByGiven, name, position);
      const base = baseNicknameGroups.get(name);
      for (const variant of nicknameGroups.get(name) ?? []) {
        // An everyday word ("bill", "pat") stands for a pupil alone only when the first table says so.
        if (dictionaryWords.has(variant) && !base?.includes(variant)) continue;
        push(pupilsByGiven, variant, position);
      }
      const joined = name + familyWords.join('');
      push(pupilsByJoinedName, joined, position);
      longestJoinedName = Math.max(longestJoinedName, joined.length);
    }
    // Double-barrelled given names (Mary-Jane) are also written whole.
    if (givenWords.length > 1) push(pupilsByGiven, givenWords.join(''), position);
    if (familyWords[0] !== undefined) push(pupilsByFamily, familyWords[0], position);
    pupils.push({
      id: p.id,
      givenName: p.preferredName ?? p.givenName,
      familyName: p.familyName,
      familyWords,
      initials,
      givenKeys,
      givenNames: names,
      givenForms: givenFormsOf(names),
      givenSounds: soundsOf(names),
      pupilIds: [],
    });
  }
  const carers: IndexedPerson[] = [];
  const carersByGiven = new Map<string, number[]>();
  for (const c of input.carers) {
    const position = carers.length;
    const given = foldNameWords(c.givenName)[0];
    if (given === undefined) continue;
    push(carersByGiven, given, position);
    carers.push({
      id: c.id,
      givenName: c.givenName,
      familyName: c.familyName,
      familyWords: foldNameWords(c.familyName),
      initials: new Set([given[0] as string]),
      givenKeys: new Set([phoneticKey(given)]),
      givenNames: [given],
      givenForms: new Set([given]),
      givenSounds: new Set(),
      pupilIds: c.pupilIds,
    });
  }
  const staffNames = new Set(
    (input.staff ?? []).map(
      (m) => `${foldNameWords(m.givenName)[0] ?? ''} ${foldNameWords(m.familyName).join(' ')}`,
    ),
  );
  const nameStarts = new Set([
    ...pupilsByGiven.keys(),
    ...carersByGiven.keys(),
    ...[...staffNames].map((name) => name.slice(0, name.indexOf(' '))),
  ]);
  return {
    pupils,
    carers,
    pupilsByGiven,
    pupilsByFamily,
    carersByGiven,
    pupilsByJoinedName,
    longestJoinedName,
    excludedLeavers,
    staffNames,
    nameStarts,
  };
}

/**
 * A name, its variants, and their variants (two steps through the table): short forms of short forms
 * (Babs ↔ Barbara ↔ Bobbie). Two-letter forms ("al", "jo") are not stepped through: they join too many.
 */
function givenFormsOf(names: readonly string[]): Set<string> {
  const forms = new Set<string>();
  for (const name of names) {
    forms.add(name);
    for (const v of nicknameGroups.get(name) ?? []) {
      forms.add(v);
      if (v.length <= 2) continue;
      for (const w of nicknameGroups.get(v) ?? []) forms.add(w);
    }
  }
  return forms;
}

function soundsOf(names: readonly string[]): Set<string> {
  const sounds = new Set<string>();
  for (const name of names) for (const code of doubleMetaphone(name)) if (code.length >= 2) sounds.add(code);
  return sounds;
}

/** An index with nobody in it, for checks run without a roster. */
export function emptyRosterIndex(): RosterIndex {
  return buildRosterIndex({ pupils: [], carers: [] }, '1970-01-01');
}
