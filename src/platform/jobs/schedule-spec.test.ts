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

  it('finds the next cron slot, in UTC', () => {
    expect(next('0 8 * * *', '2026-11-24T09:00:00Z')).toBe('2026-11-25T08:00:00.000Z');
    expect(next('0 8 * * *', '2026-11-24T07:59:59Z')).toBe('2026-11-24T08:00:00.000Z');
    expect(next('*/20 * * * *', '2026-11-24T09:41:00Z')).toBe('2026-11-24T10:00:00.000Z');
    expect(next('30 7 * * 1-5', '2026-11-27T08:00:00Z')).toBe('2026-11-30T07:30:00.000Z'); // Fri → Mon
    expect(next('0 0 1 1,7 *', '2026-11-24T00:00:00Z')).toBe('2027-01-01T00:00:00.000Z');
    expect(next('0 0 29 2 *', '2026-03-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
    expect(next('0 9 * * 7', '2026-11-24T00:00:00Z')).toBe('2026-11-29T09:00:00.000Z'); // 7 is Sunday
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
    expect(() => parseScheduleSpec('every 0m')).toThrow(ScheduleSpecError);
    expect(() => parseScheduleSpec('tomorrow')).toThrow(ScheduleSpecError);
    expect(() => nextRunAfter(parseScheduleSpec('0 0 31 2 *'), new Date('2026-01-01T00:00:00Z'))).toThrow(
      ScheduleSpecError,
    );
  });
});
