/**
 * Working days for deadlines ("acknowledge within one working day", "five school days to transfer"):
 * Monday to Friday on the calendar of England and Wales, less its bank holidays. Computed from the rules
 * (Easter, fixed Mondays, substitute days) rather than listed, so it never runs out of years; one-off
 * holidays proclaimed for a single year (a coronation, a state funeral) are not known. Pure.
 */

import { londonTime } from './london-time.js';

/** ISO date (`2026-12-28`) of a UTC calendar day. */
function iso(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

function weekdayOf(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** Easter Sunday (Gregorian), by the anonymous Gregorian algorithm. */
export function easterSunday(year: number): { month: number; day: number } {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { month, day };
}

function firstMonday(year: number, month: number): number {
  const weekday = weekdayOf(year, month, 1);
  return 1 + ((8 - weekday) % 7);
}

function lastMonday(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const weekday = weekdayOf(year, month, last);
  return last - ((weekday + 6) % 7);
}

const cache = new Map<number, ReadonlySet<string>>();

/** The bank holidays of England and Wales in a year, as ISO dates. */
export function bankHolidays(year: number): ReadonlySet<string> {
  const known = cache.get(year);
  if (known) return known;
  const days: string[] = [];
  // New Year's Day, or the Monday after when it falls at a weekend.
  const newYear = weekdayOf(year, 1, 1);
  days.push(iso(year, 1, newYear === 6 ? 3 : newYear === 0 ? 2 : 1));
  const easter = easterSunday(year);
  days.push(iso(year, easter.month, easter.day - 2), iso(year, easter.month, easter.day + 1));
  days.push(iso(year, 5, firstMonday(year, 5)), iso(year, 5, lastMonday(year, 5)));
  days.push(iso(year, 8, lastMonday(year, 8)));
  // Christmas and Boxing Day; a day falling at a weekend moves to the next weekday not already taken.
  const christmas = weekdayOf(year, 12, 25);
  if (christmas === 6) days.push(iso(year, 12, 27), iso(year, 12, 28));
  else if (christmas === 0) days.push(iso(year, 12, 26), iso(year, 12, 27));
  else if (christmas === 5) days.push(iso(year, 12, 25), iso(year, 12, 28));
  else days.push(iso(year, 12, 25), iso(year, 12, 26));
  const set = new Set(days);
  cache.set(year, set);
  return set;
}

/** Whether an ISO date is a working day: a weekday that is not a bank holiday. */
export function isWorkingDay(isoDate: string): boolean {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  const weekday = weekdayOf(year, month, day);
  return weekday !== 0 && weekday !== 6 && !bankHolidays(year).has(isoDate);
}

const londonDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The date in London at an instant, as an ISO date. */
export function londonDate(at: Date): string {
  return londonDay.format(at);
}

/** Whether an instant falls on a working day in London. */
export function isWorkingDayInLondon(at: Date): boolean {
  return isWorkingDay(londonDate(at));
}

/** An ISO date so many working days after another (`addWorkingDays('2026-12-24', 1)` is 29 December). */
export function addWorkingDays(isoDate: string, days: number): string {
  const at = new Date(`${isoDate}T12:00:00Z`);
  let remaining = days;
  while (remaining > 0) {
    at.setUTCDate(at.getUTCDate() + 1);
    if (isWorkingDay(at.toISOString().slice(0, 10))) remaining--;
  }
  return at.toISOString().slice(0, 10);
}

/** London's wall-clock time at an instant, written as if it were UTC (for offset arithmetic). */
function wallAsUtc(at: Date): number {
  const wall = londonTime(at);
  return Date.UTC(
    wall.year,
    wall.month - 1,
    wall.day,
    wall.hour,
    wall.minute,
    wall.second,
    at.getUTCMilliseconds(),
  );
}

/**
 * The instant on another London day at the same London time of day as `from` (10:00 stays 10:00 across a
 * clock change, where adding 24-hour days would make it 11:00).
 */
export function sameLondonTimeOn(from: Date, isoDate: string): Date {
  const wall = wallAsUtc(from);
  const timeOfDay = wall - Date.UTC(...isoParts(londonDate(from)));
  const targetWall = Date.UTC(...isoParts(isoDate)) + timeOfDay;
  // London is UTC+0 or UTC+1: try the offset at the target, then correct once if it changed.
  let guess = targetWall - (wallAsUtc(new Date(targetWall)) - targetWall);
  guess -= wallAsUtc(new Date(guess)) - targetWall;
  return new Date(guess);
}

function isoParts(isoDate: string): [number, number, number] {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return [year, month - 1, day];
}

/** The same London time of day so many working days later. */
export function addWorkingDaysInLondon(from: Date, days: number): Date {
  return sameLondonTimeOn(from, addWorkingDays(londonDate(from), days));
}
