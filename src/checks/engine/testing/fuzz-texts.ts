import { schoolTopicsCorpus } from './school-topics.js';

/**
 * A small seeded generator (mulberry32): the same seed gives the same texts on every run. A copy of
 * src/shared/seeded-random.ts, because the engine imports nothing of src/ outside itself.
 */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Pieces chosen to reach every branch of the tokenizers: tags and handles, CamelCase, apostrophes of both
// kinds, possessives, accents and combining marks, digits, leet, separators, quotes, sentence ends, new
// lines, non-breaking and wide spaces, letters outside the Basic Multilingual Plane, and words of the lists.
const pieces = [
  'the',
  'school',
  'Amelia',
  'Jones',
  "O'Brien",
  'Zoë',
  'Zoe\u0308',
  'Smith-Jones',
  'amelia_jones',
  "Amelia's",
  'Amelia’s',
  '#WellDoneAmeliaJones',
  '@poppy_hughes',
  '#welldoneameliajones',
  'A.',
  'Mr',
  'Will',
  'May',
  'you',
  'are',
  'an',
  'idiot',
  'sh!t',
  'f.u.c.k',
  'h4te',
  'b i t c h',
  'butt',
  'hole',
  'womendisgust',
  'kill',
  'all',
  'death',
  'to',
  'muzlims',
  'sIut',
  'won’t',
  "don't",
  'hate/disgust',
  '"quoted',
  'words"',
  '“curly”',
  '(brackets)',
  '[x]',
  'Year',
  '10',
  'were',
  'lazy',
  'bloody',
  'hell',
  '2024',
  'https://example.com/a?b=1',
  'www.bit.ly/x',
  'jo@example.org',
  '07700',
  '900123',
  'SW1A',
  '1AA',
  '😀',
  '𝒜lpha',
  'naïve',
  'ÉCOLE',
  'Year10',
  'abc123def',
  '...',
  '!',
  '?',
  ',',
  ';',
  ':',
  '-',
  '—',
  '…',
  '#',
  '@',
  "'",
  '’',
  '*',
  'f**k',
];
const gaps = [' ', ' ', ' ', ' ', '  ', '\n', '\t', '\u00a0', '\u2003', '. ', '! ', '? ', ', ', '', '#', '@'];

/** Generated texts for checking that a faster matcher gives exactly the old one's results. */
export function fuzzTexts(count: number, seed = 15): string[] {
  const random = seeded(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const texts = schoolTopicsCorpus().map((item) => item.text);
  for (let i = 0; i < count; i += 1) {
    let text = '';
    const length = 1 + Math.floor(random() * 30);
    for (let k = 0; k < length; k += 1) text += pick(gaps) + pick(pieces);
    texts.push(random() < 0.5 ? text.trimStart() : text);
  }
  return texts;
}
