import { describe, expect, it } from 'vitest';
import { checkText } from '../engine.js';
import { buildContext, languageVerdict } from '../testing/factories.js';

const context = buildContext();

function languageRules(text: string, ctx = context): string[] {
  return checkText(text, ctx)
    .findings.filter((f) => f.rule.startsWith('language.'))
    .map((f) => `${f.rule}:${f.severity}`);
}

describe('unprofessional language in any form (issue 15, item 4; clause 2.3)', () => {
  it('reviews insult words used casually, aimed at nobody', () => {
    expect(languageVerdict('Sunday league lads are such bitches lol', context)).toBe('review');
    expect(languageVerdict('he ran like a bitch', context)).toBe('review');
    for (const text of ['he ran like a bitch', 'bitches be crazy lol', 'scumbag move by the ref'])
      expect(languageRules(text), text).toEqual(['language.unprofessional:review']);
    // A dog is still a dog, and milder insults aimed at nobody stay out of it.
    expect(languageVerdict('Our Labrador bitch had puppies', context)).toBe('pass');
    expect(languageVerdict('This printer is useless', context)).toBe('pass');
  });

  it('gives advice on mild British swearing, which a school may raise', () => {
    expect(languageRules('What a bloody brilliant match')).toEqual(['language.mild:advice']);
    expect(languageRules('Damn, we lost on penalties')).toEqual(['language.mild:advice']);
    expect(languageVerdict('What a bloody brilliant match', context)).toBe('pass');
    expect(languageRules('He had a bloody nose after the tackle')).toEqual([]);
    expect(languageRules('Year 8 compared ideas of heaven and hell in RE')).toEqual([]);
    const strict = buildContext({ settings: { severityOverrides: { 'language.mild': 'review' } } });
    expect(languageRules('What a bloody brilliant match', strict)).toEqual(['language.mild:review']);
  });

  it('reviews remarks that run down pupils', () => {
    for (const text of [
      'Year 10 were lazy and useless today',
      'Honestly my class is a nightmare this term',
      'Y9 have been absolutely appalling all week',
      'The kids were feral on the trip',
      'my class are idiots',
    ])
      expect(languageRules(text), text).toEqual(['language.unprofessional:review']);
    for (const text of [
      'Year 10 were not lazy at all today, they worked hard',
      'Year 10 were brilliant today',
      'The weather was awful but the team played on',
    ])
      expect(languageRules(text), text).toEqual([]);
  });
});

describe('comments aimed at a person (issue 15, item 5)', () => {
  it('blocks sexual questions and remarks to the reader without a listed word', () => {
    for (const text of [
      'who has the biggest chest in your year',
      'do you wear a bra yet',
      'what colour is your underwear',
      'are you gay cuz you look it',
    ])
      expect(languageVerdict(text, context), text).toBe('block');
    expect(languageVerdict('Who has the biggest collection of conkers?', context)).toBe('pass');
    expect(languageVerdict('Do you wear a blazer in summer?', context)).toBe('pass');
  });

  it('takes an insult followed by "like you" as turned on the reader, for a person to judge', () => {
    expect(languageRules('nobody likes fake losers like you')).toEqual(['language.unprofessional:review']);
  });

  it('reads split compounds, a capital I for an l, and third-person name-calling', () => {
    expect(languageVerdict('ur such a butt hole', context)).not.toBe('pass');
    expect(languageVerdict('you knob head', context)).toBe('block');
    expect(languageVerdict('ur a sIut', context)).toBe('block');
    expect(languageVerdict('she was a huge slag', context)).toBe('review');
    // Ordinary pairs and capitals stay ordinary.
    expect(languageVerdict('The water butt has a hole in it', context)).toBe('pass');
    expect(languageVerdict('Well done McIntyre and DeIonte', context)).toBe('pass');
  });
});
