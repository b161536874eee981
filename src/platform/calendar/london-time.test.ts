import { describe, expect, it } from 'vitest';
import { londonTime } from './london-time.js';

describe('londonTime', () => {
  it('reads GMT in winter, as UTC', () => {
    expect(londonTime(new Date('2026-11-24T09:05:07Z'))).toEqual({
      year: 2026,
      month: 11,
      day: 24,
      weekday: 2,
      hour: 9,
      minute: 5,
      second: 7,
    });
  });

  it('reads BST in summer, an hour ahead, across midnight into the next day', () => {
    expect(londonTime(new Date('2026-06-30T23:30:00Z'))).toEqual({
      year: 2026,
      month: 7,
      day: 1,
      weekday: 3,
      hour: 0,
      minute: 30,
      second: 0,
    });
  });

  it('jumps from 00:59 to 02:00 when the clocks go forward (29 March 2026)', () => {
    expect(londonTime(new Date('2026-03-29T00:59:00Z')).hour).toBe(0);
    expect(londonTime(new Date('2026-03-29T01:00:00Z')).hour).toBe(2);
  });
});
