import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  addWorkingDaysInLondon,
  bankHolidays,
  easterSunday,
  isWorkingDay,
  isWorkingDayInLondon,
  sameLondonTimeOn,
} from './working-days.js';

describe('working days (England and Wales)', () => {
  it('finds Easter Sunday', () => {
    expect(easterSunday(2026)).toEqual({ month: 4, day: 5 });
    expect(easterSunday(2027)).toEqual({ month: 3, day: 28 });
    expect(easterSunday(2028)).toEqual({ month: 4, day: 16 });
    expect(easterSunday(2038)).toEqual({ month: 4, day: 25 });
  });

  it('lists the bank holidays of a year, with substitute days', () => {
    expect([...bankHolidays(2026)].sort()).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-28', // Boxing Day is a Saturday
    ]);
    // Christmas on a Saturday and Boxing Day on a Sunday: Monday and Tuesday instead.
    expect([...bankHolidays(2027)].filter((d) => d.startsWith('2027-12')).sort()).toEqual([
      '2027-12-27',
      '2027-12-28',
    ]);
    // New Year's Day on a Saturday moves to Monday 3 January.
    expect(bankHolidays(2028).has('2028-01-03')).toBe(true);
    expect(bankHolidays(2028).has('2028-01-01')).toBe(false);
    // Christmas on a Sunday: Boxing Day Monday, Christmas substitute Tuesday.
    expect([...bankHolidays(2033)].filter((d) => d.startsWith('2033-12')).sort()).toEqual([
      '2033-12-26',
      '2033-12-27',
    ]);
  });

  it('skips weekends and bank holidays', () => {
    expect(isWorkingDay('2026-11-24')).toBe(true);
    expect(isWorkingDay('2026-11-28')).toBe(false);
    expect(isWorkingDay('2026-08-31')).toBe(false);
    expect(addWorkingDays('2026-12-24', 1)).toBe('2026-12-29');
    expect(addWorkingDays('2026-04-02', 1)).toBe('2026-04-07');
    expect(addWorkingDays('2026-11-20', 5)).toBe('2026-11-27');
  });

  it('takes the day in London, not in UTC', () => {
    // 23:30 UTC on Sunday 30 August 2026 is 00:30 on the bank holiday Monday in London.
    expect(isWorkingDayInLondon(new Date('2026-08-30T23:30:00Z'))).toBe(false);
    expect(isWorkingDayInLondon(new Date('2026-09-01T08:00:00Z'))).toBe(true);
  });

  it('keeps the London time of day across a clock change', () => {
    // 10:00 GMT on Thursday 25 March 2027 → 10:00 BST on Tuesday 30 March (after Easter).
    expect(addWorkingDaysInLondon(new Date('2027-03-25T10:00:00Z'), 1).toISOString()).toBe(
      '2027-03-30T09:00:00.000Z',
    );
    // 16:30 BST on Friday 23 October 2026 → 16:30 GMT on Monday 26 October.
    expect(addWorkingDaysInLondon(new Date('2026-10-23T15:30:00Z'), 1).toISOString()).toBe(
      '2026-10-26T16:30:00.000Z',
    );
    // 00:30 in London is the previous day in UTC during summer.
    expect(sameLondonTimeOn(new Date('2026-06-30T23:30:00Z'), '2026-07-03').toISOString()).toBe(
      '2026-07-02T23:30:00.000Z',
    );
  });
});
