import { describe, expect, it } from 'vitest';
import { checkText } from '../engine.js';
import { buildRosterIndex } from '../roster-index.js';
import { buildContext } from '../testing/factories.js';
import { countGivenNamesWithShortForms, nicknameGroups } from './nicknames.js';

const context = buildContext();

function nameFindings(text: string, hasImages = false) {
  return checkText(text, context, { hasImages }).findings.filter(
    (f) => f.rule === 'pupil.name' || f.rule === 'carer.name',
  );
}

describe('pupil.name', () => {
  it('blocks a full name and cites clause 2.4', () => {
    const [f] = nameFindings('Huge well done to Amelia Jones today.');
    expect(f).toMatchObject({
      rule: 'pupil.name',
      clause: '2.4',
      severity: 'block',
      excerpt: 'Amelia Jones',
      pupilId: 'p1',
    });
  });

  it('reviews a given name alone, and blocks it when the post has photos', () => {
    expect(nameFindings('Amelia was a star at the concert.')[0]?.severity).toBe('review');
    expect(nameFindings('Amelia was a star at the concert.', true)[0]?.severity).toBe('block');
  });

  it.each([
    ['Izzy did brilliantly', 'Izzy'],
    ['Bella did brilliantly', 'Bella'],
    ['Congratulations to Mo on his results', 'Mo'],
    ['Alfie Pennington came back to visit', 'Alfie Pennington'],
    ['Ollie Smith-Jones scored twice', 'Ollie Smith-Jones'],
  ])('finds short forms from the nickname table: %s', (text, excerpt) => {
    expect(nameFindings(text).map((f) => f.excerpt)).toContain(excerpt);
  });

  it('folds case and diacritics (Zoë/Zoe) and handles apostrophes and possessives', () => {
    expect(nameFindings("zoe o'brien's painting won")[0]).toMatchObject({ severity: 'block', pupilId: 'p6' });
    expect(nameFindings('Zoë O’Brien painted this')[0]?.pupilId).toBe('p6');
    expect(nameFindings("Amelia's poem was read out")[0]?.excerpt).toBe("Amelia's");
  });

  it('handles hyphenated family names', () => {
    expect(nameFindings('Oliver Smith-Jones ran the relay')[0]).toMatchObject({
      severity: 'block',
      pupilId: 'p7',
    });
  });

  it('finds names inside hashtags and handles', () => {
    expect(nameFindings('#WellDoneAmeliaJones')[0]?.severity).toBe('block');
    expect(nameFindings('#welldoneameliajones')[0]?.severity).toBe('block');
    expect(nameFindings('thanks @amelia_jones')[0]?.severity).toBe('block');
  });

  it('finds an initial with a surname (A. Jones)', () => {
    expect(nameFindings('Top marks for A. Jones in maths')[0]).toMatchObject({
      severity: 'block',
      excerpt: 'A. Jones',
    });
  });

  it('matches a spelling variant next to the exact surname (Mohamed Rahman)', () => {
    expect(nameFindings('Mohamed Rahman read his poem')[0]?.pupilId).toBe('p3');
  });

  it.each([
    'We hope you enjoy summer',
    'Hope you have a lovely Summer!',
    'Will you join us at the fair?',
    'The Summer term starts soon',
    'See you on 5 May for the May fair',
    'Joy all round at sports day, and grace under pressure',
  ])('leaves word-names clean without context: %s', (text) => {
    expect(nameFindings(text)).toEqual([]);
  });

  it.each([
    ['Well done Grace!', 'Grace'],
    ['Thanks to Will for organising', 'Will'],
    ['Grace scored the winning goal', 'Grace'],
    ['A super effort from Summer and Hope today', 'Summer'],
    ['Grace Whitfield scored', 'Grace Whitfield'],
  ])('finds word-names in name use: %s', (text, excerpt) => {
    expect(nameFindings(text).map((f) => f.excerpt)).toContain(excerpt);
  });

  it.each([
    ['grace whitfield was amazing at the concert', 'grace whitfield'],
    ['Shout out to @hope_kowalski for the art display', 'hope_kowalski'],
    ['summer ashdown scored twice', 'summer ashdown'],
  ])('finds a lower-case word-name followed by the pupil’s surname: %s', (text, excerpt) => {
    expect(nameFindings(text)[0]).toMatchObject({ severity: 'block', excerpt });
  });

  it('does not report a first name inside an email address: it is the owner’s, and pii.email blocks it', () => {
    const inEmail = checkText('You can email me at amelia.home4@example.com about the trip.', context);
    expect(inEmail.findings.map((f) => f.rule)).toEqual(['pii.email']);
    expect(inEmail.verdict).toBe('block');
    expect(nameFindings('Amelia, email me at amelia.home4@example.com')).toHaveLength(1);
  });

  it('ignores surnames after a title (staff)', () => {
    expect(nameFindings('Mrs Jones and Mr. Rahman ran the trip')).toEqual([]);
  });

  it('counts only current pupils and leavers under 18', () => {
    expect(nameFindings('Evelyn Marsh came to visit')).toEqual([]);
    expect(nameFindings('Alfred Pennington came to visit')).toHaveLength(1);
    const index = buildRosterIndex(
      {
        pupils: [
          { id: 'x', givenName: 'Evelyn', familyName: 'Marsh', status: 'left', dateOfBirth: '2008-06-01' },
        ],
        carers: [],
      },
      '2026-06-01',
    );
    expect(index.pupils).toHaveLength(0);
    expect(index.excludedLeavers).toBe(1);
  });
});

describe('carer.name', () => {
  it('reviews a linked carer named beside their child', () => {
    const findings = nameFindings('Amelia and her mum Sarah Jones made the cake');
    expect(findings.find((f) => f.rule === 'carer.name')).toMatchObject({
      severity: 'review',
      excerpt: 'Sarah Jones',
    });
  });

  it('does not flag a carer named without their child', () => {
    expect(nameFindings('Thanks to Sarah Jones for the cakes')).toEqual([]);
  });
});

describe('nickname table', () => {
  it('holds at least 400 given names with short forms, both ways', () => {
    expect(countGivenNamesWithShortForms()).toBeGreaterThanOrEqual(400);
    expect(nicknameGroups.get('isabella')).toContain('izzy');
    expect(nicknameGroups.get('izzy')).toContain('isabella');
    expect(nicknameGroups.get('evie')).toContain('evelyn');
    expect(nicknameGroups.get('mo')).toContain('mohammed');
  });
});
