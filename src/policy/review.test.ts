import { describe, expect, it } from 'vitest';
import { addMonths, daysBetween, formatUkDate, isIsoDate, todayIn } from '../platform/calendar/dates.js';
import { reviewStatus } from './review.js';

describe('reviewStatus', () => {
  const version = { nextReviewDue: '2020-08-29' };

  it('is overdue for the seed policy today, counting the days since 29 Aug 2020', () => {
    const status = reviewStatus(version, '2026-11-24');
    expect(status.status).toBe('overdue');
    expect(status.daysOverdue).toBe(daysBetween('2020-08-29', '2026-11-24'));
    expect(status.daysOverdue).toBe(2278);
  });

  it('is due soon on the due date itself, with no days overdue', () => {
    expect(reviewStatus(version, '2020-08-29')).toEqual({
      status: 'due_soon',
      nextReviewDue: '2020-08-29',
      daysUntilDue: 0,
      daysOverdue: 0,
    });
  });

  it('becomes overdue the day after the due date', () => {
    const status = reviewStatus(version, '2020-08-30');
    expect(status.status).toBe('overdue');
    expect(status.daysOverdue).toBe(1);
    expect(status.daysUntilDue).toBe(-1);
  });

  it('is due soon exactly 30 days ahead and ok at 31', () => {
    expect(reviewStatus(version, '2020-07-30').status).toBe('due_soon');
    expect(reviewStatus(version, '2020-07-30').daysUntilDue).toBe(30);
    expect(reviewStatus(version, '2020-07-29').status).toBe('ok');
  });

  it('takes a school-set window', () => {
    expect(reviewStatus(version, '2020-07-01', 60).status).toBe('due_soon');
    expect(reviewStatus(version, '2020-08-28', 0).status).toBe('ok');
  });
});

describe('dates', () => {
  it('rejects impossible dates', () => {
    expect(isIsoDate('2021-02-29')).toBe(false);
    expect(isIsoDate('2020-02-29')).toBe(true);
    expect(isIsoDate('29/08/2020')).toBe(false);
  });

  it('adds months, clamping to the end of short months', () => {
    expect(addMonths('2019-08-29', 12)).toBe('2020-08-29');
    expect(addMonths('2020-01-31', 1)).toBe('2020-02-29');
  });

  it('formats dates the UK way and reads today in the school time zone', () => {
    expect(formatUkDate('2020-08-29')).toBe('29 Aug 2020');
    // 23:30 UTC on 31 March 2026 is already 1 April in London (BST).
    expect(todayIn('Europe/London', new Date('2026-03-31T23:30:00Z'))).toBe('2026-04-01');
  });
});
