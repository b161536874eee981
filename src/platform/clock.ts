import { type IsoDate, SCHOOL_TIME_ZONE, todayIn } from './calendar/dates.js';

export { SCHOOL_TIME_ZONE };

/** Time as the application sees it. Tests pass a fixed or settable clock; production uses the system's. */
export interface Clock {
  now(): Date;
  /** Today's date where the school is (UK schools: Europe/London). */
  today(): IsoDate;
}

export const systemClock: Clock = {
  now: () => new Date(),
  today: () => todayIn(SCHOOL_TIME_ZONE),
};

export interface SettableClock extends Clock {
  set(at: Date | string): void;
  advance(milliseconds: number): void;
}

export function fixedClock(at: Date | string): SettableClock {
  let current = new Date(at);
  return {
    now: () => new Date(current),
    today: () => todayIn(SCHOOL_TIME_ZONE, current),
    set(next) {
      current = new Date(next);
    },
    advance(milliseconds) {
      current = new Date(current.getTime() + milliseconds);
    },
  };
}
