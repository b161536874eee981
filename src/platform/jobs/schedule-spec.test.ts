import { describe, expect, it } from 'vitest';
import { nextRunAfter, parseScheduleSpec, ScheduleSpecError } from './schedule-spec.js';

const next = (spec: string, after: string) =>
  nextRunAfter(parseScheduleSpec(spec), new Date(after)).toISOString();

describe('schedule specs', () => {
  it('runs intervals on epoch-aligned slots', () => {
    expect(next('every 15m', '2026-11-24T09:07:30Z')).toBe('2026-11-24T09:15:00.000Z');
    expect(next('every 15m', '2026-11-24T09:15:00Z')).toBe('2026-11-24T09:30:00.000Z');
    expect(next('every 1d', '2026-11-24T09:00:00Z')).toBe('2026-11-25T00:00:00.000Z');
  });

  it('finds the next cron slot (November: London time is UTC)', () => {
    expect(next('0 8 * * *', '2026-11-24T09:00:00Z')).toBe('2026-11-25T08:00:00.000Z');
    expect(next('0 8 * * *', '2026-11-24T07:59:59Z')).toBe('2026-11-24T08:00:00.000Z');
    expect(next('*/20 * * * *', '2026-11-24T09:41:00Z')).toBe('2026-11-24T10:00:00.000Z');
    expect(next('30 7 * * 1-5', '2026-11-27T08:00:00Z')).toBe('2026-11-30T07:30:00.000Z'); // Fri → Mon
    expect(next('0 0 1 1,7 *', '2026-11-24T00:00:00Z')).toBe('2027-01-01T00:00:00.000Z');
    expect(next('0 0 29 2 *', '2026-03-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
    expect(next('0 9 * * 7', '2026-11-24T00:00:00Z')).toBe('2026-11-29T09:00:00.000Z'); // 7 is Sunday
  });

  it('reads cron fields on London time, in summer too', () => {
    expect(next('0 8 * * *', '2026-07-01T00:00:00Z')).toBe('2026-07-01T07:00:00.000Z'); // 08:00 BST
    expect(next('30 7 * * 1-5', '2026-07-03T08:00:00Z')).toBe('2026-07-06T06:30:00.000Z'); // Fri → Mon
    // Midnight in London is 23:00 UTC the day before: the day fields are London's day.
    expect(next('0 0 1 9 *', '2026-08-01T00:00:00Z')).toBe('2026-08-31T23:00:00.000Z');
  });

  it('runs once in the hour the clocks go back and skips the hour they go forward', () => {
    // 25 Oct 2026: 01:00–01:59 happens twice (BST, then GMT).
    expect(next('30 1 * * *', '2026-10-25T00:00:00Z')).toBe('2026-10-25T00:30:00.000Z');
    expect(next('30 1 * * *', '2026-10-25T00:31:00Z')).toBe('2026-10-26T01:30:00.000Z');
    // 28 Mar 2027: there is no 01:30 in London.
    expect(next('30 1 * * *', '2027-03-27T02:00:00Z')).toBe('2027-03-29T00:30:00.000Z');
    expect(next('0 8 * * *', '2027-03-28T00:00:00Z')).toBe('2027-03-28T07:00:00.000Z');
    // Every slot of the missing hour is skipped, not run late at 02:00 BST.
    expect(next('*/15 1 * * *', '2027-03-27T02:00:00Z')).toBe('2027-03-29T00:00:00.000Z');
    expect(next('* 1 * * *', '2027-03-27T02:00:00Z')).toBe('2027-03-29T00:00:00.000Z');
    // Slots either side of the missing hour still run that day.
    expect(next('59 0,2 * * *', '2027-03-28T00:00:00Z')).toBe('2027-03-28T00:59:00.000Z');
    expect(next('59 0,2 * * *', '2027-03-28T00:59:00Z')).toBe('2027-03-28T01:59:00.000Z');
  });

  it('matches either day field when both are restricted, as cron does', () => {
    expect(next('0 0 1 * 1', '2026-11-24T00:00:00Z')).toBe('2026-11-30T00:00:00.000Z');
  });

  it('lists every problem in a bad spec', () => {
    const error = (() => {
      try {
        parseScheduleSpec('61 24 0 * x');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ScheduleSpecError);
    expect((error as ScheduleSpecError).problems).toHaveLength(4);
    expect((error as ScheduleSpecError).problems.map((p) => p.split(':')[0])).toEqual([
      'minute',
      'hour',
      'day-of-month',
      'day-of-week',
    ]);
    expect(() => parseScheduleSpec('every 0m')).toThrow(ScheduleSpecError);
    expect(() => parseScheduleSpec('tomorrow')).toThrow(ScheduleSpecError);
    expect(() => nextRunAfter(parseScheduleSpec('0 0 31 2 *'), new Date('2026-01-01T00:00:00Z'))).toThrow(
      ScheduleSpecError,
    );
  });
});
