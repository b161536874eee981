import { describe, expect, it } from 'vitest';
import { checkText } from '../engine.js';
import { buildRosterIndex } from '../roster-index.js';
import type { CheckContext } from '../types.js';
import { countGivenNamesWithShortForms, nicknameGroups } from './nicknames.js';

const context: CheckContext = {
  roster: buildRosterIndex(
    {
      pupils: [
        { id: 'j', givenName: 'Jeffrey', familyName: 'Hartley', status: 'current' },
        { id: 'b', givenName: 'Barbara', familyName: 'Okafor', status: 'current' },
        { id: 'c', givenName: 'Catherine', familyName: 'Whitfield', status: 'current' },
        { id: 'n', givenName: 'Jennifer', familyName: 'Patel', status: 'current' },
        { id: 't', givenName: 'Theodore', familyName: 'Marsh', status: 'current' },
        { id: 'w', givenName: 'William', familyName: 'Ashdown', status: 'current' },
      ],
      carers: [],
      staff: [{ givenName: 'Jenny', familyName: 'Patel' }],
    },
    '2026-01-15',
  ),
  consents: new Map(),
  settings: {},
  today: '2026-01-15',
};

function fullNames(text: string): string[] {
  return checkText(text, context)
    .findings.filter((f) => f.rule === 'pupil.name' && f.message === 'A pupil’s full name.')
    .map((f) => `${f.excerpt}=${f.pupilId}`);
}

describe('pupil names under variants, anchored on the surname (issue 15, item 1)', () => {
  it('holds hundreds of given names with their variants', () => {
    expect(countGivenNamesWithShortForms()).toBeGreaterThanOrEqual(600);
    expect(nicknameGroups.get('jeffrey')).toContain('jeff');
    expect(nicknameGroups.get('barbara')).toContain('bobbie');
  });

  it('finds a known variant, a two-step variant, a prefix and a sound-alike before the surname', () => {
    expect(fullNames('Well done Jeff Hartley!')).toEqual(['Jeff Hartley=j']);
    expect(fullNames('Well done Bobbie Okafor!')).toEqual(['Bobbie Okafor=b']);
    expect(fullNames('Well done Cath Whitfield!')).toEqual(['Cath Whitfield=c']);
    expect(fullNames('Well done Kathryn Whitfield!')).toEqual(['Kathryn Whitfield=c']);
    expect(fullNames('Well done Jefrey Hartley!')).toEqual(['Jefrey Hartley=j']);
    expect(fullNames('Well done Bill Ashdown!')).toEqual(['Bill Ashdown=w']);
  });

  it('does not take other people with a pupil’s surname, or everyday words, for the pupil', () => {
    expect(fullNames('Well done Gordon Hartley!')).toEqual([]);
    expect(fullNames('The Marsh family won the raffle')).toEqual([]);
    // An everyday word among the new variants is not a pupil's name alone.
    expect(checkText('Please pay the bill by Friday', context).findings).toEqual([]);
  });

  it('never flags a member of staff’s own name, but still the pupil’s exact name', () => {
    expect(checkText('Thanks to Jenny Patel for running the trip', context).findings).toEqual([]);
    expect(fullNames('Thanks to Jennifer Patel for running the trip')).toEqual(['Jennifer Patel=n']);
  });
});
