import { describe, expect, it } from 'vitest';
import { acknowledgementDeadline, earliestAcknowledgementDeadline } from './concern-deadlines.js';

describe('earliestAcknowledgementDeadline', () => {
  it('never falls after the deadline itself: every hour of a year, and every 10 minutes of the clock-change days', () => {
    const instants: Date[] = [];
    for (let t = Date.parse('2026-01-01T00:00:00Z'); t < Date.parse('2027-01-01T00:00:00Z'); t += 3_600_000)
      instants.push(new Date(t));
    for (const day of ['2026-03-28', '2026-03-29', '2026-10-24', '2026-10-25']) {
      const start = Date.parse(`${day}T00:00:00Z`);
      for (let m = 0; m < 48 * 60; m += 10) instants.push(new Date(start + m * 60_000));
    }
    for (const routineAckWorkingDays of [1, 3]) {
      const settings = { urgentAckMinutes: 15, routineAckWorkingDays };
      for (const at of instants) {
        const earliest = earliestAcknowledgementDeadline('routine', at, settings).getTime();
        expect(earliest, at.toISOString()).toBeLessThanOrEqual(
          acknowledgementDeadline('routine', at, settings).getTime(),
        );
      }
    }
  });

  it('is the deadline itself for an urgent concern', () => {
    const at = new Date('2026-11-02T10:00:00Z');
    const settings = { urgentAckMinutes: 15, routineAckWorkingDays: 1 };
    expect(earliestAcknowledgementDeadline('urgent', at, settings)).toEqual(
      acknowledgementDeadline('urgent', at, settings),
    );
  });
});
