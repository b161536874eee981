import type { RosterInput } from '../src/checks/engine/roster-index.js';
import { nicknameGroups, tableGivenNames } from '../src/checks/engine/text/nicknames.js';
import { isValidNhsNumber, isValidUpn } from '../src/checks/engine/text/pii.js';
import type { RuleId } from '../src/checks/engine/types.js';
import { seededRandom } from '../src/shared/seeded-random.js';

/** Deterministic generator so every run measures the same data. Generated names only. */
export const rng = seededRandom;

export function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)] as T;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const familyNames: readonly string[] =
  `Jones Smith Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans Walker
  White Roberts Green Hall Wood Jackson Clarke Patel Khan Ahmed Hussain Begum Ali Shah Singh Kaur Sharma Okafor Adeyemi
  Mensah Owusu Nowak Kowalski Wisniewski Novak Popescu Murphy Kelly OBrien Byrne Ryan Walsh McCarthy Campbell Stewart
  MacDonald Fraser Morrison Hughes Edwards Lewis Morgan Griffiths Price Rees Jenkins Lloyd Pritchard Chen Wang Li Nguyen
  Tran Kim Yilmaz Demir Kaya Haddad Rahman Chowdhury Islam Uddin Miah Bibi Iqbal Akhtar Malik Mahmood Anwar Baig Ashworth
  Hartley Pennington Whitfield Ainsworth Greenwood Sutcliffe Holroyd Crowther Barraclough Ackroyd Pickersgill Fairbairn
  Cartwright Blackburn Entwistle Haworth Ormerod Lindqvist Andersson Fernandes Silva Santos Costa Oliveira Rossi Bianchi
  Moreau Dubois Mueller Schmidt Fischer Weber Becker Ivanov Petrov Horvath Nagy Varga Szabo Kovacs Osei Boateng Asante
  Appiah Okonkwo Nwosu Eze Obi Balogun Adebayo Oyelaran Abubakar Musa Hassan Farah Warsame Abdi Yusuf Omar Mohamud
  Smith-Jones Taylor-Reid Ahmed-Khan Okafor-Brown Fitzgerald Gallagher Doherty Quinn Sweeney Boyle Kennedy Reilly
  Thornton Ramsbottom Higginbottom Gledhill Shackleton Earnshaw Bairstow Oldroyd Pollard Illingworth Wadsworth`
    .split(/\s+/)
    .filter(Boolean)
    .map((n) => (n === 'OBrien' ? "O'Brien" : n));

/** Word-names a school roster will hold; the corpus tests them in and out of name use. */
const wordGivenNames = [
  'Grace',
  'Summer',
  'Hope',
  'Joy',
  'May',
  'Rose',
  'Lily',
  'Ruby',
  'Poppy',
  'Daisy',
  'Jack',
  'Max',
  'Faith',
  'Holly',
  'Ivy',
  'Autumn',
];

export interface GeneratedRoster {
  roster: RosterInput;
  /** Pupil positions with the given name written as in the roster. */
  pupils: { id: string; given: string; family: string; short?: string }[];
}

/** 2,000 pupils (current and recent leavers) and 3,500 carers, names drawn from the tables. */
export function generateRoster(pupilCount = 2000, carerCount = 3500): GeneratedRoster {
  const r = rng(42);
  const given = [...tableGivenNames.map(cap), ...wordGivenNames];
  const pupils: RosterInput['pupils'][number][] = [];
  const described: GeneratedRoster['pupils'] = [];
  for (let i = 0; i < pupilCount; i += 1) {
    const g =
      i < wordGivenNames.length * 3 ? (wordGivenNames[i % wordGivenNames.length] as string) : pick(r, given);
    const f = pick(r, familyNames);
    const year = 2008 + Math.floor(r() * 11);
    const left = r() < 0.08;
    pupils.push({
      id: `P${i}`,
      givenName: g,
      familyName: f,
      dateOfBirth: `${year}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`,
      status: left ? 'left' : 'current',
      ...(left ? { leftOn: '2025-07-18' } : {}),
    });
    const shorts = nicknameGroups.get(g.toLowerCase()) ?? [];
    described.push({
      id: `P${i}`,
      given: g,
      family: f,
      ...(shorts.length > 0 ? { short: cap(shorts[0] as string) } : {}),
    });
  }
  const carers: RosterInput['carers'][number][] = [];
  for (let i = 0; i < carerCount; i += 1) {
    const child = pupils[Math.floor(r() * pupils.length)] as RosterInput['pupils'][number];
    carers.push({
      id: `C${i}`,
      givenName: pick(r, given),
      familyName: r() < 0.7 ? child.familyName : pick(r, familyNames),
      pupilIds: [child.id],
    });
  }
  return { roster: { pupils, carers }, pupils: described };
}

const openers = [
  'What a fantastic afternoon at the Year 8 science fair, the projects were brilliant and the parents loved them.',
  'Thank you to everyone who came to the harvest festival, we collected over two hundred tins for the food bank.',
  'Reminder that the library will be closed on Thursday for stocktaking, books can be returned to the office instead.',
  'Our Year 10 geographers braved the rain on the river study today and came back soaked but smiling.',
  'The choir sang beautifully at the care home this week and the residents have asked us to come back soon.',
  'Please remember that PE kit is needed on Tuesdays and Fridays, and long hair should be tied back for safety.',
  'Lovely to see so many families at the open evening, thank you for all the kind words about our teachers.',
  'The netball team won their league match on Saturday with a brilliant final quarter, well played everyone.',
  'Parents evening bookings open on Monday through the usual app, appointments last ten minutes each.',
  'Year 7 enjoyed a visit from a local author who talked about how she plans her stories and chooses names.',
];
const closers = [
  'Have a restful weekend everyone.',
  'Thanks for your continued support.',
  'More photos to follow on the website.',
  'Keep an eye on the newsletter for details.',
  'We are so proud of all of them.',
  'See you all on Monday morning.',
];

/** 10,000 school comments of 200–300 characters; some carry names, numbers, swearing or links. */
export function generateComments(count: number, roster: GeneratedRoster): string[] {
  const r = rng(7);
  const out: string[] = [];
  while (out.length < count) {
    let text = pick(r, openers);
    const roll = r();
    const p = pick(r, roster.pupils);
    if (roll < 0.1) text += ` Well done ${p.given} ${p.family}!`;
    else if (roll < 0.18) text += ` ${p.short ?? p.given} was a star.`;
    else if (roll < 0.21) text += ' Call me on 07911 123456.';
    else if (roll < 0.24) text += ' What a shit day for it.';
    else if (roll < 0.3) text += ' Details at https://www.example-school.org.uk/news';
    else if (roll < 0.32) text += ' See http://bit.ly/3kXz for more';
    text += ` ${pick(r, closers)}`;
    while (text.length < 200) text += ` ${pick(r, closers)}`;
    if (text.length > 300) text = text.slice(0, 300);
    out.push(text);
  }
  return out;
}

export interface LabelledText {
  text: string;
  expect: RuleId[];
}

function validNhs(r: () => number): string {
  for (;;) {
    const d = String(1 + Math.floor(r() * 9)) + String(Math.floor(r() * 1e8)).padStart(8, '0');
    for (let c = 0; c < 10; c += 1)
      if (isValidNhsNumber(d + c)) return `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}${c}`;
  }
}

function upn(r: () => number, valid: boolean): string {
  const body = `${String(100 + Math.floor(r() * 800))}${String(Math.floor(r() * 1e9)).padStart(9, '0')}`;
  const letters = 'ABCDEFGHJKLMNPQRTUVWXYZ';
  for (const l of letters) if (isValidUpn(l + body) === valid) return l + body;
  return `A${body}`;
}

/** Labelled sentences for the quality figures: nickname variants, word-names in and out of name use, UK personal data. */
export function generateQualityCorpus(roster: GeneratedRoster): LabelledText[] {
  const r = rng(99);
  const out: LabelledText[] = [];
  const named = roster.pupils.filter((p) => Number(p.id.slice(1)) % 13 !== 0);
  const inRoster = (p: (typeof roster.pupils)[number]) =>
    roster.roster.pupils.find((x) => x.id === p.id)?.status === 'current';
  const current = named.filter(inRoster);
  for (let i = 0; i < 300; i += 1) {
    const p = pick(r, current);
    const nameTemplates = [
      `Huge congratulations to ${p.given} ${p.family} on a fantastic performance at the county finals.`,
      `So proud of ${p.given}'s poem, it was read out in assembly today.`,
      `#WellDone${p.given}${p.family.replace(/[^A-Za-z]/g, '')} on your reading award!`,
      `Shout out to @${p.given.toLowerCase()}_${p.family.toLowerCase().replace(/[^a-z]/g, '')} for the art display.`,
      `Top marks in the maths challenge for ${p.given[0]}. ${p.family} this week.`,
      `${p.given.toLowerCase()} ${p.family.toLowerCase()} was amazing at the concert`,
      `Thanks to ${p.given} for helping set up the hall.`,
      ...(p.short
        ? [`${p.short} ${p.family} scored twice in the final.`, `Well done ${p.short}, a brilliant effort!`]
        : []),
    ];
    out.push({ text: pick(r, nameTemplates), expect: ['pupil.name'] });
  }
  const negatives = [
    'We hope you all enjoy the summer holidays and come back refreshed in September.',
    'May we remind parents that school closes at 1pm on 5 May for staff training.',
    'Will you join us for the summer fair on Saturday?',
    'It was a joy to see so many families at the carol concert.',
    'Hope you have a lovely Summer!',
    'Mrs Jones and Mr Patel led the trip to the museum.',
    'The Rose Garden at the park looked lovely on our nature walk.',
    'Grace before lunch was led by the chaplain.',
    'Faith groups from across the town joined our peace assembly.',
    'We will post the results on Friday afternoon.',
    'The Summer term timetable is now on the website.',
    'Ivy and holly decorated the hall for the winter fair.',
    'Our jack-o-lanterns won a prize at the autumn show.',
    'Max capacity for the hall is two hundred people.',
    'A big thank you to the PTA for the new library books.',
    'Ruby red poppies were made by Year 3 for Remembrance.',
    'The daisy chain competition was won by Class 2.',
    'Please bring a packed lunch on the trip to Scunthorpe.',
    'Miss Khan will run the homework club on Wednesdays.',
    'Dr Ahmed from the local surgery talked about healthy eating.',
  ];
  for (let i = 0; i < 300; i += 1) out.push({ text: pick(r, negatives), expect: [] });

  const mobiles = [
    '07911 123456',
    '07700 900321',
    '+44 7911 654321',
    '07912345678',
    '+44 (0)7911 223344',
    '0161 496 0123',
    '020 7946 0958',
    '(0113) 496 0555',
  ];
  const postcodes = [
    'LS6 2AB',
    'M14 5RT',
    'SW1A 1AA',
    'B15 2TT',
    'EH1 1YZ',
    'CF10 3AT',
    'BD7 1DP',
    'NE1 7RU',
    'l1 8jq',
  ];
  const streets = [
    '14 Oakfield Road',
    '7 Mill Lane',
    'Flat 2, 37 Mill Lane',
    '5 Kings Court',
    '112 Station Road',
    '3a Church Street',
    '21 Hollybank Avenue',
    '9 The Crescent',
  ];
  for (let i = 0; i < 120; i += 1) {
    const first = pick(r, ['jo', 'sam', 'alex', 'chris', 'mel']);
    out.push({
      text: pick(r, [
        `Please call me on ${pick(r, mobiles)} if you have any questions.`,
        `my number is ${pick(r, mobiles)}, text anytime`,
      ]),
      expect: ['pii.phone'],
    });
    out.push({
      text: `You can email me at ${first}.${pick(r, ['parent', 'home', 'family'])}${i}@${pick(r, ['gmail.com', 'outlook.com', 'btinternet.com', 'yahoo.co.uk'])} about the trip.`,
      expect: ['pii.email'],
    });
    out.push({
      text: `The party is at our house, postcode ${pick(r, postcodes)}, from 2pm.`,
      expect: ['pii.postcode'],
    });
    out.push({
      text: pick(r, [
        `She lives at ${pick(r, streets)} near the park.`,
        `Drop the forms round to ${pick(r, streets)} please.`,
      ]),
      expect: ['pii.address'],
    });
    out.push({
      text: pick(r, [
        'He was born on 14/03/2013 in Leeds.',
        'DOB 2012-11-02, Year 8.',
        'Her birthday is 4 March and she turns 12 then.',
        'Happy birthday! Born 9 June 2014.',
        'She turns 11 on 2 June.',
      ]),
      expect: ['pii.date_of_birth'],
    });
    out.push({ text: `Her NHS number is ${validNhs(r)} for the form.`, expect: ['pii.nhs_number'] });
    out.push({
      text: `NI number ${pick(r, ['AB', 'JG', 'CE', 'SK', 'WP'])} ${10 + (i % 80)} ${20 + (i % 70)} ${30 + (i % 60)} ${pick(r, ['A', 'B', 'C', 'D'])} on the form.`,
      expect: ['pii.ni_number'],
    });
    out.push({ text: `His UPN is ${upn(r, true)} if the office asks.`, expect: ['pii.upn'] });
    out.push({
      text: pick(r, [
        'We raised £1,234.50 for charity this term.',
        'Order reference 4521 7789 for the uniform shop.',
        'The match ended 3-1 in the 89th minute.',
        'Meet in room 12 at 3:15pm on 14/03/2026.',
        'Sports day is on 4 March, see you there.',
        'Year 6 Nature Walk starts at 9am.',
        'The A4 paper and the M62 roadworks delayed us.',
        'Our KS2 results for 2024 are on page 12.',
        `Booking ref ${upn(r, false)} confirmed.`,
        'Ticket numbers 1234 5678 90 were drawn in the raffle.',
        'Follow us @TakeOneStudios for updates.',
        'Email the office via the contact page.',
        'The trip is on 2 June and costs £15.',
        'Class 4 Park visit on Friday.',
        'BG 12 34 56 A is not a valid code.',
      ]),
      expect: [],
    });
  }
  return out;
}
