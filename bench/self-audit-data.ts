// A generated follower list against a generated school roster, for the follower self-audit's measure.
import { generateDemoRoster } from '../src/demo/demo-people.js';
import type { Follower } from '../src/staff-use/follower-keys.js';
import { matchOf, type RosterPersonForAudit } from '../src/staff-use/roster-keys.js';
import { rng } from './checks-corpus.js';

// Names for followers who are nobody at the school: a pool of its own, plus roster given names with these
// family names (hard negatives: "Amelia" follows you, but not the pupil Amelia).
const otherGiven = [
  'Barnaby',
  'Clementine',
  'Desmond',
  'Eugenie',
  'Fenella',
  'Gideon',
  'Hermione',
  'Ignatius',
  'Jemima',
  'Lysander',
  'Marguerite',
  'Neville',
  'Octavia',
  'Percival',
  'Rosalind',
  'Septimus',
  'Tabitha',
  'Ulysses',
  'Valentina',
  'Wilfred',
  'Xanthe',
  'Yolanda',
  'Zebedee',
  'Ambrose',
  'Beatrix',
  'Cressida',
  'Dorian',
  'Evangeline',
  'Florian',
  'Griselda',
];
const otherFamily = [
  'Ashdown',
  'Blakemore',
  'Carrington',
  'Dunmore',
  'Eversley',
  'Fairweather',
  'Greyling',
  'Hartigan',
  'Inchbald',
  'Jessamy',
  'Kettleborough',
  'Larkspur',
  'Montague',
  'Northcote',
  'Ormsby',
  'Pennington',
  'Quilliam',
  'Ravenscroft',
  'Stapleton',
  'Thistlewood',
  'Underhill',
  'Vavasour',
  'Wetherby',
  'Yarborough',
  'Zouche',
  'Abernethy',
  'Bellingham',
  'Cholmondeley',
  'Delacourt',
  'Entwistle',
];
const brands = [
  'Bakery',
  'Florist',
  'Garage',
  'Yoga',
  'Running Club',
  'Book Shop',
  'Cafe',
  'Studio',
  'Gym',
  'Radio',
];
const emoji = ['', '', '', ' 🌸', ' ✨', ' 🏳️‍🌈', ' ⚽', ' 🎶'];

export interface GeneratedCase {
  follower: Follower;
  /** Generated from an eligible roster person (the ground truth). */
  positive: boolean;
  /** Whether the follower carries a display name ("name") or a handle only ("handle"). */
  form: 'name' | 'handle';
}

/** A roster of about `size` people (pupils on roll, leavers, carers), from the demo generator's seeds. */
export function generateAuditRoster(today: string, size: number): RosterPersonForAudit[] {
  const out: RosterPersonForAudit[] = [];
  for (let seed = 1; out.length < size; seed++) {
    const roster = generateDemoRoster(today, seed * 7919);
    const yearOf = new Map(
      roster.pupils.map((p) => [p.externalId, p.status === 'current' ? p.yearGroup : null]),
    );
    for (const p of roster.pupils)
      out.push({
        kind: 'pupil',
        givenName: p.givenName,
        familyName: p.familyName,
        preferredName: p.preferredName,
        dateOfBirth: p.dateOfBirth,
        status: p.status,
        leftOn: p.leftOn,
        yearGroup: p.yearGroup,
      });
    for (const c of roster.carers)
      out.push({
        kind: 'carer',
        givenName: c.givenName,
        familyName: c.familyName,
        childYearGroups: c.links
          .map((l) => yearOf.get(l.pupilExternalId))
          .filter((y) => y !== null && y !== undefined),
      });
  }
  return out.slice(0, size);
}

function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

/**
 * `count` followers: `positives` of them people on the roster who count (written as a display name with
 * small changes, or as a handle carrying the name and often a year), the rest nobody at the school (other
 * names, roster first names with other family names, shops and clubs, emoji and single words).
 */
export function generateFollowers(
  roster: readonly RosterPersonForAudit[],
  today: string,
  count: number,
  positives: number,
  seed = 42,
): GeneratedCase[] {
  const random = rng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const eligible = roster.filter((p) => matchOf(p, today) !== undefined);
  const rosterFull = new Set(roster.map((p) => `${fold(p.givenName)}|${fold(p.familyName)}`));
  const cases: GeneratedCase[] = [];
  for (let i = 0; i < positives; i++) {
    const person = pick(eligible);
    const given = person.preferredName && random() < 0.5 ? person.preferredName : person.givenName;
    const family = person.familyName;
    const year = person.dateOfBirth?.slice(0, 4) ?? '';
    if (i % 2 === 0) {
      const variants = [
        `${given} ${family}`,
        `${given.toLowerCase()} ${family.toLowerCase()}`,
        `${given} ${family}${pick(emoji)}`,
        `${fold(given)} ${fold(family)}`,
        `${given.toUpperCase()} ${family.toUpperCase()}`,
        `${given} ${family.replace(/([aeiou])/, '$1$1')}`, // a typo the sound key should still catch
      ];
      cases.push({
        follower: { name: pick(variants), handle: `user${Math.floor(random() * 1e6)}` },
        positive: true,
        form: 'name',
      });
    } else {
      const g = fold(given);
      const f = fold(family.split(/[\s-]/)[0] ?? family);
      const handles = [
        `${g}.${f}`,
        `${g}${f}`,
        `${g}_${f}${year.slice(2)}`,
        `${g[0]}${f}_${year}`,
        `${f}.${g}`,
        `${g}.${f}${year}`,
      ];
      cases.push({ follower: { name: '', handle: pick(handles) }, positive: true, form: 'handle' });
    }
  }
  while (cases.length < count) {
    const r = random();
    let name: string;
    let handle: string;
    if (r < 0.45) {
      name = `${pick(otherGiven)} ${pick(otherFamily)}`;
      handle = fold(name).slice(0, 12) + Math.floor(random() * 100);
    } else if (r < 0.75) {
      const given = pick(roster).givenName;
      name = `${given} ${pick(otherFamily)}${pick(emoji)}`;
      handle = `${fold(given)}_${Math.floor(random() * 1000)}`;
    } else if (r < 0.9) {
      name = `${pick(otherFamily)} ${pick(brands)}`;
      handle = `${fold(name)}`;
    } else {
      name = pick(['✨✨', 'Mum of 3', 'Gardening fan', 'Coffee', '']) + pick(emoji);
      handle = `acct${Math.floor(random() * 1e7)}`;
    }
    // Never a real roster full name by chance: a negative must be nobody at the school.
    const words = name.split(' ');
    if (rosterFull.has(`${fold(words[0] ?? '')}|${fold(words[1] ?? '')}`)) continue;
    cases.push({ follower: { name, handle }, positive: false, form: name ? 'name' : 'handle' });
  }
  // Shuffle so positives are spread through the list.
  for (let i = cases.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [cases[i], cases[j]] = [cases[j] as GeneratedCase, cases[i] as GeneratedCase];
  }
  return cases;
}
