import { applyRoster } from '../people/import-roster.js';
import type { ParsedCarer, ParsedPupil, ParsedRoster, ParsedStaff } from '../people/roster-parse.js';
import type { Role } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import { seededRandom } from '../shared/seeded-random.js';

/**
 * Generated people for the demo school: never real people. Names are drawn from varied UK lists,
 * deliberately including names that are also words (Grace, Will, Summer, Hope, Joy) and names with
 * apostrophes, hyphens and diacritics, because those are what trip up name matching.
 */

const givenNames = [
  'Amelia',
  'Olivia',
  'Isla',
  'Ava',
  'Grace',
  'Hope',
  'Joy',
  'Summer',
  'Zoë',
  'Chloë',
  'Siân',
  'Niamh',
  'Aoife',
  'Freya',
  'Poppy',
  'Ruby',
  'Maryam',
  'Aisha',
  'Fatima',
  'Zainab',
  'Amara',
  'Chiamaka',
  'Ngozi',
  'Priya',
  'Ananya',
  'Harpreet',
  'Simran',
  'Mei',
  'Lin',
  'Yasmin',
  'Leila',
  'Ffion',
  'Cerys',
  'Mairéad',
  'Eilidh',
  'Zofia',
  'Agnieszka',
  'Ioana',
  'Elif',
  'Esmé',
  'Noémie',
  'Rosie',
  'Daisy',
  'Imogen',
  'Skye',
  'Will',
  'Oliver',
  'Noah',
  'Jack',
  'Harry',
  'George',
  'Mohammed',
  'Ibrahim',
  'Yusuf',
  'Omar',
  'Ali',
  'Kwame',
  'Kofi',
  'Chidi',
  'Tobi',
  'Arjun',
  'Rohan',
  'Sanjay',
  'Gurpreet',
  'Wei',
  'Jun',
  'José',
  'Mateo',
  'Rhys',
  'Dafydd',
  'Callum',
  'Ruaridh',
  'Seán',
  'Oisín',
  'Cian',
  'Jakub',
  'Mikołaj',
  'Andrei',
  'Emre',
  'Leo',
  'Theo',
  'Archie',
  'Reggie',
  'Frankie',
  'Alex',
  'Sam',
  'Jordan',
  'Max',
  'Rowan',
  'Ellis',
];

/** Given names above usually given to girls; a carer with one is a mother, never a father. */
const girlsNames = new Set(givenNames.slice(0, givenNames.indexOf('Skye') + 1));
/** Given to anyone: a carer with one is a parent. */
const neutralNames = new Set(['Alex', 'Sam', 'Jordan', 'Max', 'Rowan', 'Ellis', 'Frankie']);

/** The relationship a parent's record shows agrees with the generated name: "Callum Ali" is never a mother. */
export function parentWord(givenName: string): 'mother' | 'father' | 'parent' {
  if (neutralNames.has(givenName)) return 'parent';
  return girlsNames.has(givenName) ? 'mother' : 'father';
}

/**
 * Two people of the demo school never share a full name when one is a pupil and the other a member of
 * staff: "Daisy Adeyemi" in Year 11 and on the staff list reads as one person. A clash moves to the next
 * given name in the list, so the seeded draw (and the rest of the demo school) stays as it was.
 */
function unusedName(given: string, family: string, taken: ReadonlySet<string>): string {
  let index = givenNames.indexOf(given);
  let name = given;
  for (let tries = 0; taken.has(`${name} ${family}`) && tries < givenNames.length; tries += 1) {
    index = (index + 1) % givenNames.length;
    name = givenNames[index] as string;
  }
  return name;
}

const familyNames = [
  'Smith',
  'Jones',
  'Williams',
  'Taylor',
  'Brown',
  'Davies',
  'Evans',
  'Wilson',
  'Thomas',
  'Roberts',
  'Johnson',
  'Walker',
  'Wright',
  'Robinson',
  'Thompson',
  'Hughes',
  'Green',
  'Wood',
  'Hall',
  'Clarke',
  "O'Brien",
  "O'Connor",
  "O'Neill",
  "D'Souza",
  'McDonald',
  'MacLeod',
  'Smith-Jones',
  'Patel-Hughes',
  'Bowen-Price',
  'Lloyd-Davies',
  'Khan',
  'Ahmed',
  'Hussain',
  'Begum',
  'Ali',
  'Patel',
  'Shah',
  'Singh',
  'Kaur',
  'Sharma',
  'Gill',
  'Okafor',
  'Adeyemi',
  'Mensah',
  'Owusu',
  'Nwosu',
  'Okoro',
  'Chen',
  'Wong',
  'Li',
  'Nguyen',
  'Kowalski',
  'Nowak',
  'Wiśniewski',
  'Popescu',
  'Yılmaz',
  'García',
  'Fernández',
  'Müller',
  'Núñez',
  'Ó Súilleabháin',
  'Ní Bhriain',
  'Llewellyn',
  'Pritchard',
  'Reid',
  'Fraser',
  'Campbell',
  'Stewart',
  'Murray',
  'Kelly',
  'Byrne',
  'Walsh',
  'Rose',
  'Bird',
  'Summers',
  'Hope',
];

const preferredFor: Record<string, string> = {
  Oliver: 'Ollie',
  Amelia: 'Millie',
  Alex: 'Lexi',
  Mohammed: 'Mo',
  Olivia: 'Liv',
  Harry: 'Haz',
  Archie: 'Arch',
  Ibrahim: 'Ibby',
  Imogen: 'Immy',
  Frankie: 'Frank',
  Jakub: 'Kuba',
  Theo: 'Teddy',
};

function isoDate(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Letters only, no accents: `Zoë O'Brien` → `zoe.obrien`. */
function emailLocalPart(given: string, family: string): string {
  const fold = (s: string) =>
    s
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z]/g, '');
  return `${fold(given)}.${fold(family)}`;
}

/** The demo accounts (the sign-in engineer gives them passwords), one per role. */
export const demoAccounts: readonly {
  email: string;
  roles: Role[];
  givenName: string;
  familyName: string;
}[] = [
  { email: 'staff@take1studios.example', roles: ['staff'], givenName: 'Sam', familyName: 'Okafor' },
  {
    email: 'manager@take1studios.example',
    roles: ['staff', 'manager'],
    givenName: 'Priya',
    familyName: 'Shah',
  },
  { email: 'smt@take1studios.example', roles: ['staff', 'smt'], givenName: 'Rhys', familyName: 'Llewellyn' },
  { email: 'dsl@take1studios.example', roles: ['staff', 'dsl'], givenName: 'Grace', familyName: "O'Connor" },
  {
    email: 'deputy.dsl@take1studios.example',
    roles: ['staff', 'deputy_dsl'],
    givenName: 'Kwame',
    familyName: 'Mensah',
  },
  {
    email: 'head@take1studios.example',
    roles: ['staff', 'headteacher'],
    givenName: 'Eilidh',
    familyName: 'Fraser',
  },
  {
    email: 'admin@take1studios.example',
    roles: ['staff', 'admin'],
    givenName: 'Jordan',
    familyName: 'Bowen-Price',
  },
  // A governor reads the reports and nothing else, so the account holds no staff role.
  {
    email: 'governor@take1studios.example',
    roles: ['governor'],
    givenName: 'Anwen',
    familyName: 'Tregarthen',
  },
];

/**
 * About 600 pupils in years 7–13 (with leavers from the last two years, many still under 18), about 1,000
 * carers and 60 staff covering every role. Deterministic for a given `today`.
 */
export function generateDemoRoster(today: string, seed = 20261124): Omit<ParsedRoster, 'format'> {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const [year, month] = today.split('-').map(Number) as [number, number];
  // The academic year starts in September; a Year Y pupil was born Sep (A−Y−5) to Aug (A−Y−4).
  const academicYear = month >= 9 ? year : year - 1;
  const birthDate = (yearGroup: number, yearsAgo = 0) =>
    addDays(isoDate(academicYear - yearsAgo - yearGroup - 5, 9, 1), Math.floor(random() * 365));

  const pupils: ParsedPupil[] = [];
  const carers: ParsedCarer[] = [];
  const perYear: Record<number, number> = { 7: 92, 8: 90, 9: 88, 10: 86, 11: 84, 12: 62, 13: 58 };
  const places: { yearGroup: number; status: 'current' | 'left'; leftOn: string | null; yearsAgo: number }[] =
    [];
  for (const [yearGroup, count] of Object.entries(perYear)) {
    for (let i = 0; i < count; i += 1)
      places.push({ yearGroup: Number(yearGroup), status: 'current', leftOn: null, yearsAgo: 0 });
  }
  // Leavers: Year 11 and 13 at the end of each of the last two summers, and a few who moved mid-year.
  for (const yearsAgo of [0, 1]) {
    const summer = isoDate(academicYear - yearsAgo, 7, 19);
    for (let i = 0; i < 12; i += 1) places.push({ yearGroup: 11, status: 'left', leftOn: summer, yearsAgo });
    for (let i = 0; i < 10; i += 1) places.push({ yearGroup: 13, status: 'left', leftOn: summer, yearsAgo });
    for (let i = 0; i < 4; i += 1) {
      const leftOn = addDays(isoDate(academicYear - yearsAgo - 1, 12, 1), Math.floor(random() * 200));
      places.push({
        yearGroup: 7 + Math.floor(random() * 4),
        status: 'left',
        leftOn,
        yearsAgo: yearsAgo + 1,
      });
    }
  }

  let pupilNumber = 0;
  let carerNumber = 0;
  // The first two carers are parents; their word (mother, father, parent) follows their name below.
  const relationships = [
    { relationship: 'parent', pr: true },
    { relationship: 'parent', pr: true },
    { relationship: 'step-parent', pr: false },
    { relationship: 'grandparent', pr: false },
    { relationship: 'foster carer', pr: false },
  ];
  const takenEmails = new Set<string>();
  const staffNames = new Set(demoAccounts.map((a) => `${a.givenName} ${a.familyName}`));
  const pupilNames = new Set<string>();
  const uniqueEmail = (local: string, domain: string) => {
    let email = `${local}@${domain}`;
    for (let n = 2; takenEmails.has(email); n += 1) email = `${local}${n}@${domain}`;
    takenEmails.add(email);
    return email;
  };
  while (places.length > 0) {
    // A family: one child, or siblings, sharing a family name most of the time.
    const family = pick(familyNames);
    const siblings = random() < 0.8 ? 1 : 2;
    const children: ParsedPupil[] = [];
    for (let s = 0; s < siblings && places.length > 0; s += 1) {
      const place = places.splice(Math.floor(random() * places.length), 1)[0];
      if (!place) break;
      pupilNumber += 1;
      const drawn = pick(givenNames);
      const familyName = random() < 0.9 ? family : pick(familyNames);
      const given = unusedName(drawn, familyName, staffNames);
      pupilNames.add(`${given} ${familyName}`);
      const preferred = preferredFor[given];
      children.push({
        externalId: `DEMO-P${String(pupilNumber).padStart(4, '0')}`,
        givenName: given,
        familyName,
        preferredName: preferred && random() < 0.5 ? preferred : null,
        dateOfBirth: birthDate(place.yearGroup, place.yearsAgo),
        yearGroup: place.yearGroup,
        status: place.status,
        leftOn: place.leftOn,
        upn: null,
      });
    }
    pupils.push(...children);
    const carerCount = random() < 0.15 ? 1 : random() < 0.9 ? 2 : 3;
    for (let c = 0; c < carerCount; c += 1) {
      carerNumber += 1;
      const { relationship, pr } = relationships[
        c === 0 ? 0 : c === 1 ? 1 : 2 + Math.floor(random() * 3)
      ] ?? {
        relationship: 'carer',
        pr: false,
      };
      const given = pick(givenNames);
      const carerFamily = c === 0 || random() < 0.7 ? family : pick(familyNames);
      carers.push({
        externalId: `DEMO-C${String(carerNumber).padStart(4, '0')}`,
        givenName: given,
        familyName: carerFamily,
        email: random() < 0.85 ? uniqueEmail(emailLocalPart(given, carerFamily), 'mail.example') : null,
        // Ofcom's range for drama: never a real number.
        phone: `07700 900${String(Math.floor(random() * 1000)).padStart(3, '0')}`,
        links: children.map((p) => ({
          pupilExternalId: p.externalId,
          relationship: relationship === 'parent' ? parentWord(given) : relationship,
          parentalResponsibility: pr,
        })),
      });
    }
  }

  const staff: ParsedStaff[] = demoAccounts.map((a, i) => {
    takenEmails.add(a.email);
    return {
      externalId: `DEMO-S${String(i + 1).padStart(3, '0')}`,
      givenName: a.givenName,
      familyName: a.familyName,
      email: a.email,
      roles: a.roles,
    };
  });
  const extraRoles: Role[][] = [
    ['staff', 'deputy_dsl'],
    ['staff', 'smt'],
    ['staff', 'smt'],
    ['staff', 'manager'],
    ['staff', 'manager'],
    ['staff', 'manager'],
  ];
  while (staff.length < 60) {
    const drawn = pick(givenNames);
    const family = pick(familyNames);
    const given = unusedName(drawn, family, new Set([...pupilNames, ...staffNames]));
    staffNames.add(`${given} ${family}`);
    staff.push({
      externalId: `DEMO-S${String(staff.length + 1).padStart(3, '0')}`,
      givenName: given,
      familyName: family,
      email: uniqueEmail(emailLocalPart(given, family), 'take1studios.example'),
      roles: extraRoles[staff.length - demoAccounts.length] ?? ['staff'],
    });
  }
  return { pupils, carers, staff };
}

/** Fills the demo school with its generated people, through the same write path as a roster import. */
export async function seedDemoPeople(db: Db, schoolId: string, today: string): Promise<void> {
  await applyRoster(
    db,
    { kind: 'system', label: 'demo-seed' },
    {
      schoolId,
      roster: { format: 'demo', ...generateDemoRoster(today) },
      fileName: 'demo',
      dryRun: false,
      full: false,
      today,
    },
  );
}

/** Whether the demo people were written: a start interrupted after the school was made must still seed them. */
export async function hasDemoPeople(db: Db, schoolId: string): Promise<boolean> {
  const row = await db
    .selectFrom('roster_imports')
    .select('id')
    .where('school_id', '=', schoolId)
    .where('format', '=', 'demo')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
