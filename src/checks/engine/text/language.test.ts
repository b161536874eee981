import { describe, expect, it } from 'vitest';
import { checkText } from '../engine.js';
import { buildContext, languageVerdict } from '../testing/factories.js';

const context = buildContext();

function language(text: string, ctx = context) {
  return checkText(text, ctx).findings.filter((f) => f.rule.startsWith('language.'));
}

const worst = (text: string, ctx = context) => languageVerdict(text, ctx);

describe('language.profanity (clause 2.3, review)', () => {
  it('reviews swearing', () => {
    expect(language('What the fuck happened at pickup')[0]).toMatchObject({
      rule: 'language.profanity',
      clause: '2.3',
      severity: 'review',
    });
  });

  it.each(['f.u.c.k this', 'sh!t day', 'fuuuuck', 'f u c k that', 'sh1t', 'f**k off', 'bullshit excuse'])(
    'sees through evasion: %s',
    (text) => {
      expect(worst(text)).not.toBe('pass');
    },
  );

  it.each([
    'Trip to Scunthorpe and Penistone next week',
    'A talk by Mr Cummings on local history',
    'Our panto this year is Dick Whittington',
    'We spotted a great tit and a blue tit on the feeder',
    'Shiitake mushrooms in the cookery class',
    'We will assess the coursework on Friday',
    'A cockney rhyming slang workshop',
    'Cocktail sticks and a cockerel in the farm visit',
    'Graduated summa cum laude',
  ])('is Scunthorpe-safe: %s', (text) => {
    expect(language(text)).toEqual([]);
  });
});

describe('language.abuse (clause 2.3, block)', () => {
  it.each([
    'you are a fucking idiot',
    'kill yourself',
    "I'll kill you after school",
    'I know where you live',
    'send nudes',
    'I hate Muslims',
    'Immigrants are scum',
    'I h a t e women',
    'I haet women',
    'Immigrnts are scum',
    'Ihate women',
    'You bl4ck people are all dishonest',
  ])('blocks abuse, threats, slurs, sexual content and self-harm encouragement: %s', (text) => {
    expect(worst(text)).toBe('block');
  });

  it('blocks slurs', () => {
    expect(language('he is a p4ki')[0]).toMatchObject({ rule: 'language.abuse', severity: 'block' });
  });

  it('keeps quoting or reporting abuse at review at most', () => {
    expect(worst('A comment called him a "faggot" — this is unacceptable and we have reported it.')).toBe(
      'review',
    );
    expect(worst('If you say "I hate Muslims", then you are a bigot!')).toBe('review');
    expect(worst('Saying that you hate women shows how misguided you are.')).toBe('review');
  });

  it('does not flag denials or neutral mentions of groups', () => {
    expect(worst("Let me be clear: I don't hate women.")).toBe('pass');
    expect(worst('We are a group of Muslims.')).toBe('pass');
    expect(worst('I hate pizza.')).toBe('pass');
    expect(worst('I feel nothing but contempt for Muslims.')).toBe('block');
  });

  it('leaves homonyms of slurs clean', () => {
    expect(worst('My Labrador bitch gave birth to three puppies')).toBe('pass');
    expect(worst('He went out for a fag and a lighter')).toBe('pass');
    expect(worst('Faggots and peas with gravy for dinner')).toBe('pass');
  });

  it('keeps self-referential use of a slur at review', () => {
    expect(worst("I'm a proud dyke")).toBe('review');
  });

  it('takes per-school extra words and exceptions', () => {
    const ctx = buildContext({ settings: { extraAbuseWords: ['gronk'], languageExceptions: ['crap'] } });
    expect(worst('you gronk', ctx)).toBe('block');
    expect(worst('the crap weather', ctx)).toBe('pass');
    expect(worst('the crap weather')).toBe('review');
  });

  it('lets a school lower a rule or switch it off', () => {
    const lowered = buildContext({
      settings: { severityOverrides: { 'language.abuse': 'review', 'language.profanity': 'off' } },
    });
    expect(worst('kill yourself', lowered)).toBe('review');
    expect(worst('what the fuck', lowered)).toBe('pass');
  });
});

describe('language.abuse: denials, counter-speech, homonyms and reclaimed words stay at most review', () => {
  it.each([
    'Refugees are not in any way vermin.',
    'It is plain that Jewish people are the reverse of lazy, the very opposite of lazy in fact.',
    'Pupils never deserve to be beaten by anyone.',
    'No refugee deserves to be killed.',
    'Nobody should be shot for a mistake.',
  ])('a sentence that denies the hatred goes to a person at most: %s', (text) => {
    expect(worst(text)).not.toBe('block');
  });

  it.each([
    'Your hatred of refugees is plain to see and it must end.',
    'Stop telling disabled children to shut up, it is cruel.',
    'We will not vote for anyone who treats Sikhs like vermin.',
  ])('counter-speech that refers to how others treat a group is not blocked: %s', (text) => {
    expect(worst(text)).not.toBe('block');
  });

  it.each([
    'The Fens are drained by a long dyke beside the river.',
    'Our walk followed the dykes that keep the sea out.',
    'Grandma made faggots with onion gravy and we ate every one.',
  ])('a slur spelling used in its everyday sense passes: %s', (text) => {
    expect(worst(text)).toBe('pass');
  });

  it.each([
    'I really love being a dyke and I always will.',
    'Me and my nigga went to the gig, it was great.',
  ])('in-group or self-referring use is left to a person: %s', (text) => {
    expect(worst(text)).toBe('review');
  });

  it('calls for mass violence need people as their object to block', () => {
    expect(worst('We will hang all the paintings in the hall on Friday.')).toBe('review');
    expect(worst('Burn all the dry leaves in the bonfire.')).toBe('review');
    expect(worst('kill all the teachers')).toBe('block');
    expect(worst('hang all of them')).toBe('block');
    expect(worst('death to you')).toBe('block');
  });

  it('an insult about someone’s thing, not them, goes to a person', () => {
    expect(worst('Your old trainers are worthless.')).toBe('review');
  });

  it.each([
    'you are worthless',
    'your a worthless idiot',
    'you nigga',
    'refugees are vermin',
    'Sikhs are filthy vermin',
    'he deserves to die',
    'Stop being a fag, you loser',
    "Isn't it plain that refugees are vermin?",
    "I've got nothing against refugees but they are vermin.",
  ])('plain abuse still blocks, rhetorical or hedged in another clause: %s', (text) => {
    expect(worst(text)).toBe('block');
  });

  it.each([
    'Trip to Scunthorpe and Penistone next week',
    'Our panto this year is Dick Whittington',
    'We spotted a great tit on the dyke path by the water',
  ])('Scunthorpe traps stay clean: %s', (text) => {
    expect(worst(text)).toBe('pass');
  });
});
