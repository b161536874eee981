import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  addWorkingDaysInLondon,
  bankHolidays,
  easterSunday,
  isWorkingDay,
  isWorkingDayInLondon,
  sameLondonTimeOn,
  UK_NATIONS,
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

describe("working days in Scotland and Northern Ireland, and a school's closure days", () => {
  it("lists Scotland's bank holidays: 2 January, no Easter Monday, August early, St Andrew's Day", () => {
    expect([...bankHolidays(2026, 'scotland')].sort()).toEqual([
      '2026-01-01',
      '2026-01-02',
      '2026-04-03',
      '2026-05-04',
      '2026-05-25',
      '2026-08-03',
      '2026-11-30',
      '2026-12-25',
      '2026-12-28', // Boxing Day is a Saturday
    ]);
    // 2 January 2027 is a Saturday: the substitute day is Monday 4 January.
    expect(bankHolidays(2027, 'scotland').has('2027-01-04')).toBe(true);
    expect(isWorkingDay('2026-04-06', { nation: 'scotland' })).toBe(true); // Easter Monday
    expect(addWorkingDays('2026-11-27', 1, { nation: 'scotland' })).toBe('2026-12-01');
  });

  it("lists Northern Ireland's bank holidays: St Patrick's Day and the Twelfth, with its substitute", () => {
    const ni = bankHolidays(2026, 'northern-ireland');
    expect(ni.has('2026-03-17')).toBe(true);
    // 12 July 2026 is a Sunday: the holiday is Monday 13 July.
    expect(ni.has('2026-07-13')).toBe(true);
    expect(ni.has('2026-07-12')).toBe(false);
    expect(ni.has('2026-04-06')).toBe(true); // Easter Monday, as in England
    expect(isWorkingDay('2026-03-17', { nation: 'northern-ireland' })).toBe(false);
    expect(isWorkingDay('2026-03-17')).toBe(true);
    expect(isWorkingDay('2026-07-13', { nation: 'scotland' })).toBe(true);
  });

  it('keeps England and Wales as the default and knows every nation', () => {
    expect([...bankHolidays(2026)]).toEqual([...bankHolidays(2026, 'england-and-wales')]);
    expect(UK_NATIONS).toEqual(['england-and-wales', 'scotland', 'northern-ireland']);
    for (const nation of UK_NATIONS) expect(bankHolidays(2026, nation).has('2026-12-25')).toBe(true);
  });

  it('knows one-off holidays proclaimed for a single year', () => {
    expect(isWorkingDay('2023-05-08')).toBe(false); // the coronation
    expect(isWorkingDay('2022-09-19')).toBe(false); // a state funeral
  });

  it("adds a school's own closure days on top of the bank holidays", () => {
    const calendar = { closureDays: new Set(['2026-11-30', '2026-12-01']) };
    expect(isWorkingDay('2026-11-30', calendar)).toBe(false);
    expect(isWorkingDay('2026-11-30')).toBe(true);
    expect(addWorkingDays('2026-11-27', 1, calendar)).toBe('2026-12-02');
    // A closure day in Scotland stacks with St Andrew's Day.
    expect(
      addWorkingDays('2026-11-27', 1, { nation: 'scotland', closureDays: new Set(['2026-12-01']) }),
    ).toBe('2026-12-02');
    // The London time of day is kept across closure days and the clock change alike.
    expect(
      addWorkingDaysInLondon(new Date('2026-10-23T09:00:00Z'), 1, {
        closureDays: new Set(['2026-10-26', '2026-10-27']),
      }).toISOString(),
    ).toBe('2026-10-28T10:00:00.000Z');
    expect(isWorkingDayInLondon(new Date('2026-11-30T09:00:00Z'), calendar)).toBe(false);
  });
});
