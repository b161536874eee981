import { describe, expect, it } from 'vitest';
import {
  type ConsentPupil,
  type ConsentRecord,
  consentStateOn,
  endOfAcademicYear,
  lossOf,
  toPupilConsent,
} from './consent-rules.js';

const pupil: ConsentPupil = { id: 'p1', status: 'current', leftOn: null };
let seq = 0;
function record(overrides: Partial<ConsentRecord>): ConsentRecord {
  seq += 1;
  return {
    id: `c${seq}`,
    pupilId: 'p1',
    purpose: 'social_media',
    state: 'granted',
    givenOn: '2026-09-10',
    expiresOn: '2027-08-31',
    seq,
    ...overrides,
  };
}

describe('endOfAcademicYear', () => {
  it('is the 31 August closing the September–August year of the date', () => {
    expect(endOfAcademicYear('2026-09-01')).toBe('2027-08-31');
    expect(endOfAcademicYear('2026-12-31')).toBe('2027-08-31');
    expect(endOfAcademicYear('2027-01-05')).toBe('2027-08-31');
    expect(endOfAcademicYear('2027-08-31')).toBe('2027-08-31');
  });
});

describe('consentStateOn', () => {
  it('has no consent without a record', () => {
    const result = consentStateOn([], pupil, 'social_media', '2026-11-24');
    expect(result).toMatchObject({ state: 'none', holds: false, reasons: ['no_record'] });
    expect(toPupilConsent(result)).toEqual({ state: 'none' });
  });

  it('holds a grant until its expiry, inclusive, and not a day after', () => {
    const records = [record({})];
    expect(consentStateOn(records, pupil, 'social_media', '2027-08-31')).toMatchObject({
      state: 'granted',
      holds: true,
      endsOn: '2027-08-31',
    });
    const after = consentStateOn(records, pupil, 'social_media', '2027-09-01');
    expect(after).toMatchObject({ state: 'expired', holds: false, reasons: ['granted', 'expired'] });
    expect(lossOf(after)).toBe('expired');
    expect(toPupilConsent(after)).toEqual({ state: 'none' });
  });

  it('is per purpose: a website grant says nothing about social media', () => {
    const records = [record({ purpose: 'website' })];
    expect(consentStateOn(records, pupil, 'social_media', '2026-11-24').state).toBe('none');
    expect(consentStateOn(records, pupil, 'website', '2026-11-24').state).toBe('granted');
  });

  it('lets a later withdrawal supersede a grant, and keeps the grant in history', () => {
    const grant = record({ givenOn: '2026-09-10' });
    const withdrawal = record({ state: 'withdrawn', givenOn: '2026-11-01' });
    const result = consentStateOn([grant, withdrawal], pupil, 'social_media', '2026-11-24');
    expect(result).toMatchObject({ state: 'withdrawn', holds: false, reasons: ['withdrawn'] });
    expect(result.decision?.id).toBe(withdrawal.id);
    expect(toPupilConsent(result)).toEqual({ state: 'withdrawn' });
    // Before the withdrawal was given, the grant held.
    expect(consentStateOn([grant, withdrawal], pupil, 'social_media', '2026-10-31').state).toBe('granted');
    expect(lossOf(result)).toBeUndefined();
  });

  it('orders by the date given, not the order recorded: an old form imported late does not win', () => {
    const refusal = record({ state: 'refused', givenOn: '2026-10-01' });
    const oldGrant = record({ givenOn: '2026-09-05' });
    expect(consentStateOn([refusal, oldGrant], pupil, 'social_media', '2026-11-24').state).toBe('refused');
  });

  it('breaks a same-day tie by the later recorded decision', () => {
    const first = record({ state: 'refused', givenOn: '2026-10-01' });
    const second = record({ state: 'granted', givenOn: '2026-10-01' });
    expect(consentStateOn([first, second], pupil, 'social_media', '2026-11-24').state).toBe('granted');
  });

  it('ignores a decision dated in the future', () => {
    const future = record({ givenOn: '2027-01-01' });
    expect(consentStateOn([future], pupil, 'social_media', '2026-11-24').state).toBe('none');
  });

  it('ends a grant when the pupil leaves', () => {
    const records = [record({})];
    const left: ConsentPupil = { id: 'p1', status: 'left', leftOn: '2026-11-20' };
    const result = consentStateOn(records, left, 'social_media', '2026-11-24');
    expect(result).toMatchObject({ state: 'pupil_left', holds: false, reasons: ['granted', 'pupil_left'] });
    expect(lossOf(result)).toBe('pupil_left');
    // A leaver without a leaving date has left all the same.
    expect(consentStateOn(records, { ...left, leftOn: null }, 'social_media', '2026-11-24').state).toBe(
      'pupil_left',
    );
  });

  it('ends a grant the day before a known future leaving date', () => {
    const leaving: ConsentPupil = { id: 'p1', status: 'current', leftOn: '2027-04-01' };
    const result = consentStateOn([record({})], leaving, 'social_media', '2026-11-24');
    expect(result).toMatchObject({
      state: 'granted',
      endsOn: '2027-03-31',
      reasons: ['granted', 'ends_when_pupil_leaves'],
    });
    expect(toPupilConsent(result)).toEqual({ state: 'granted', expiresOn: '2027-03-31' });
  });

  it('reports a refusal as it is, never as a loss', () => {
    const result = consentStateOn([record({ state: 'refused' })], pupil, 'press', '2026-11-24');
    expect(result.state).toBe('none');
    const press = consentStateOn(
      [record({ state: 'refused', purpose: 'press' })],
      pupil,
      'press',
      '2026-11-24',
    );
    expect(press).toMatchObject({ state: 'refused', reasons: ['refused'] });
    expect(lossOf(press)).toBeUndefined();
  });
});
