import { describe, expect, it } from 'vitest';
import { buildContext, languageVerdict } from '../testing/factories.js';
import { correctSpelling, splitRunTogether, trimSpacedRun } from './evasion.js';

const context = buildContext();

const worst = (text: string) => languageVerdict(text, context);

describe('undoing misspellings', () => {
  it.each([
    ['womn', 'women'],
    ['immigrnts', 'immigrants'],
    ['klil', 'kill'],
    ['deaht', 'death'],
    ['despicble', 'despicable'],
    ['fuk', 'fuck'],
    ['trns', 'trans'],
  ])('%s → %s (one letter dropped or two swapped)', (written, word) => {
    expect(correctSpelling(written)).toBe(word);
  });

  it('reads a two-letter group adjective only before a people noun', () => {
    expect(correctSpelling('gy', 'people')).toBe('gay');
    expect(correctSpelling('gy')).toBeUndefined();
  });

  it.each([
    'wore',
    'omen',
    'back',
    'lack',
    'itch',
    'hat',
    'ill',
    'once',
    'none',
    'lose',
    'treat',
    'laughter',
    'sitting',
    'hitting',
    'garage',
    'tick',
  ])('leaves the ordinary word %s alone', (word) => {
    expect(correctSpelling(word)).toBeUndefined();
  });
});

describe('words run together and spaced out', () => {
  it.each([
    ['womendisgust', 'women'],
    ['todie', 'to'],
    ['stabthose', 'stab'],
    ['ihate', 'i'],
    ['bitchbehaviour', 'bitch'],
  ])('splits %s after %s', (word, left) => {
    expect(splitRunTogether(word)).toBe(left.length);
  });

  it.each(['therapist', 'scunthorpe', 'penistone', 'cocktail', 'assess', 'cockney', 'together', 'transit'])(
    'leaves %s whole',
    (word) => {
      expect(splitRunTogether(word)).toBeUndefined();
    },
  );

  it('drops an article or pronoun at the edge of a spaced-out word', () => {
    expect(trimSpacedRun('abitch')).toEqual([1, 6]);
    expect(trimSpacedRun('womani')).toEqual([0, 5]);
    expect(trimSpacedRun('hello')).toEqual([0, 5]);
  });
});

describe('evasions end to end (language.abuse)', () => {
  it.each([
    'Womn like you are repugnant.',
    'Immigrnts are scum.',
    'I want to klil all Muslims.',
    'D3ath to all immigrants.',
    'Deaht to all immigrants.',
    'You are nothing but a b i t c h.',
    'I am going to shoot the next w o m a n I see because women are vermin.',
    'These womendisgust me so much.',
    'Muslims like you deserve todie.',
    'you stupidbitch',
    'you are a complete dickhed',
    '#KillAllMuslims',
    'You are nothing but common gay tr4sh.',
  ])('blocks %s', (text) => {
    expect(worst(text)).toBe('block');
  });

  it.each([
    'I want to thank all the families who came.',
    'We are going to see the therapist on Monday.',
    'Our Year 9 pupils enjoyed the laughter workshop.',
    'The garage was sitting empty so we used it for art.',
    'Please treat everyone with kindness.',
    'I do not hate women, I am one.',
  ])('leaves %s clean', (text) => {
    expect(worst(text)).toBe('pass');
  });
});
