import { londonTime } from '../platform/calendar/london-time.js';
import { isWorkingDayInLondon } from '../platform/calendar/working-days.js';

/** The hours someone is expected to watch the queue: 08:00–18:00 London time on working days. */
export const SCHOOL_DAY = { startHour: 8, endHour: 18 } as const;

/** Whether nobody is expected to be watching (evenings, weekends, bank holidays). Pure. */
export function isOutOfHours(at: Date): boolean {
  if (!isWorkingDayInLondon(at)) return true;
  const { hour } = londonTime(at);
  return hour < SCHOOL_DAY.startHour || hour >= SCHOOL_DAY.endHour;
}

/**
 * The instant `minutes` working minutes after `from`, counting only school hours on working days (the SLA
 * for a blocked comment). Walks a minute at a time through working time and skips closed time an hour at a
 * time, so a Friday-evening comment falls due on Monday morning.
 */
export function addWorkingMinutes(from: Date, minutes: number): Date {
  let at = new Date(Math.ceil(from.getTime() / 60_000) * 60_000);
  let remaining = minutes;
  let guard = 0;
  while (remaining > 0 && guard++ < 100_000) {
    if (isOutOfHours(at)) {
      at = new Date(at.getTime() + 60_000 * (60 - londonTime(at).minute || 60));
      continue;
    }
    at = new Date(at.getTime() + 60_000);
    remaining--;
  }
  return at;
}
