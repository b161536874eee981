/**
 * Working days for deadlines ("acknowledge within one working day", "five school days to transfer"):
 * Monday to Friday, less the bank holidays of the school's nation (England and Wales unless told
 * otherwise; Scotland and Northern Ireland have their own) and any closure days the school adds on top
 * (training days, a snow day). Bank holidays come from date-holidays, whose rules ship in the package and
 * include one-off days proclaimed for a single year (a coronation, a state funeral). Pure.
 */

import Holidays from 'date-holidays';
import type { IsoDate } from './dates.js';
import { londonTime } from './london-time.js';

/** The UK's bank-holiday calendars: Wales keeps England's. */
export type UkNation = 'england-and-wales' | 'scotland' | 'northern-ireland';

export const UK_NATIONS: readonly UkNation[] = ['england-and-wales', 'scotland', 'northern-ireland'];

/** Which days a school works: its nation's bank holidays and its own closure days are not working days. */
export interface WorkingCalendar {
  nation?: UkNation;
  /** ISO dates the school is closed although it is a weekday and no bank holiday. */
  closureDays?: ReadonlySet<IsoDate>;
}

const REGIONS: Record<UkNation, string> = {
  'england-and-wales': 'ENG',
  scotland: 'SCT',
  'northern-ireland': 'NIR',
};

const calendars = new Map<UkNation, Holidays>();
const cache = new Map<string, ReadonlySet<IsoDate>>();

function holidaysOf(nation: UkNation): Holidays {
  let holidays = calendars.get(nation);
  if (!holidays) {
    holidays = new Holidays('GB', REGIONS[nation]);
    calendars.set(nation, holidays);
  }
  return holidays;
}

function weekdayOf(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** Easter Sunday (Gregorian), as date-holidays reckons it for the Easter bank holidays. */
export function easterSunday(year: number): { month: number; day: number } {
  const easter = holidaysOf('england-and-wales')
    .getHolidays(year)
    .find((holiday) => holiday.rule === 'easter');
  if (!easter) throw new RangeError(`no Easter Sunday known for ${year}`);
  const [, month, day] = easter.date.slice(0, 10).split('-').map(Number) as [number, number, number];
  return { month, day };
}

/**
 * The bank holidays of a nation in a year, as ISO dates: the weekdays off. A holiday falling at a
 * weekend is left out, as its substitute day (which date-holidays lists) is the day off.
 */
export function bankHolidays(year: number, nation: UkNation = 'england-and-wales'): ReadonlySet<IsoDate> {
  const key = `${nation}:${year}`;
  const known = cache.get(key);
  if (known) return known;
  const days = new Set<IsoDate>();
  for (const holiday of holidaysOf(nation).getHolidays(year)) {
    if (holiday.type !== 'public') continue;
    // `date` is the local calendar day ("2026-12-25 00:00:00"); `start` is an instant and may be the day before in UTC.
    const isoDate = holiday.date.slice(0, 10);
    const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
    const weekday = weekdayOf(y, m, d);
    if (weekday !== 0 && weekday !== 6) days.add(isoDate);
  }
  cache.set(key, days);
  return days;
}

/** Whether an ISO date is a working day: a weekday that is neither a bank holiday nor a closure day. */
export function isWorkingDay(isoDate: IsoDate, calendar: WorkingCalendar = {}): boolean {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  const weekday = weekdayOf(year, month, day);
  return (
    weekday !== 0 &&
    weekday !== 6 &&
    !bankHolidays(year, calendar.nation).has(isoDate) &&
    !calendar.closureDays?.has(isoDate)
  );
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
export function isWorkingDayInLondon(at: Date, calendar: WorkingCalendar = {}): boolean {
  return isWorkingDay(londonDate(at), calendar);
}

/** An ISO date so many working days after another (`addWorkingDays('2026-12-24', 1)` is 29 December). */
export function addWorkingDays(isoDate: IsoDate, days: number, calendar: WorkingCalendar = {}): IsoDate {
  const at = new Date(`${isoDate}T12:00:00Z`);
  let remaining = days;
  while (remaining > 0) {
    at.setUTCDate(at.getUTCDate() + 1);
    if (isWorkingDay(at.toISOString().slice(0, 10), calendar)) remaining--;
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
export function addWorkingDaysInLondon(from: Date, days: number, calendar: WorkingCalendar = {}): Date {
  return sameLondonTimeOn(from, addWorkingDays(londonDate(from), days, calendar));
}
