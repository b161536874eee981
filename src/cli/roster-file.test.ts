import { describe, expect, it } from 'vitest';
import { isAppError } from '../platform/errors.js';
import { parseRosterFile } from './roster-file.js';

const header =
  'role,external_id,given_name,family_name,preferred_name,date_of_birth,year_group,status,left_on,email,phone,linked_pupils,consent';

function errorsOf(text: string): readonly string[] {
  try {
    parseRosterFile(text, 'r.csv');
  } catch (error) {
    if (isAppError(error)) {
      expect(error.code).toBe('RosterFileInvalid');
      return error.details;
    }
    throw error;
  }
  return [];
}

describe('parseRosterFile', () => {
  it('reads pupils, carers, links and photo consent', () => {
    const text = `${header}\npupil,P1,Amelia,Jones,,2013-03-14,8,current,,,,,photo:granted:2026-08-31\npupil,P2,"O'Brien, Zoë",Kay,,,8,left,2025-07-20,,,,photo:refused\ncarer,C1,Sarah,Jones,,,,,,s@example.com,,P1;P2\nstaff,S1,Ann,Teach,,,,,,,,\n`;
    const { roster, consents } = parseRosterFile(text);
    expect(roster.pupils.map((p) => p.id)).toEqual(['P1', 'P2']);
    expect(roster.pupils[1]).toMatchObject({
      givenName: "O'Brien, Zoë",
      status: 'left',
      leftOn: '2025-07-20',
    });
    expect(roster.carers[0]?.pupilIds).toEqual(['P1', 'P2']);
    expect(consents.get('P1')).toEqual({ state: 'granted', expiresOn: '2026-08-31' });
    expect(consents.get('P2')).toEqual({ state: 'refused' });
  });

  it('reports every problem as file:line:column', () => {
    const text = `${header}\npupil,P1,Amelia,Jones,,2013-02-30,8,current,,,,,\npupil,P1,Bo,,,,8,gone,,,,,photo:maybe\ncarer,C1,Sarah,Jones,,,,,,,,P9\n`;
    expect(errorsOf(text)).toEqual([
      'r.csv:2:24: date_of_birth "2013-02-30" is not a real date',
      'r.csv:3:7: duplicate external_id P1',
      'r.csv:3:13: family_name is empty',
      'r.csv:3:18: status "gone" must be current or left',
      'r.csv:3:27: consent "photo:maybe" must be photo:granted, photo:refused or photo:withdrawn',
      'r.csv:4:29: unknown linked pupil P9',
    ]);
  });

  it('reports a missing column', () => {
    expect(errorsOf('role,external_id\npupil,P1\n')[0]).toBe('r.csv:1:1: missing column given_name');
  });
});
