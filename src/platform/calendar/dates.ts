/** Calendar dates as ISO strings (`2020-08-29`): no times, no time zones. */
export type IsoDate = string;

/** The clock of every school Guardpost serves (UK schools): deadlines, schedules and "today" are read on it. */
export const SCHOOL_TIME_ZONE = 'Europe/London';

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a string is a real calendar date in ISO form (rejects 2021-02-30). */
export function isIsoDate(value: string): boolean {
  const match = isoDatePattern.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function toEpochDay(value: IsoDate): number {
  if (!isIsoDate(value)) throw new RangeError(`not an ISO date: ${value}`);
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, day) / 86_400_000;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

export function addMonths(value: IsoDate, months: number): IsoDate {
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

/** Today's date in the school's time zone (UK schools: Europe/London), as an ISO date. */
// Building an Intl.DateTimeFormat costs far more than formatting with one, and every request asks for today.
const dayFormats = new Map<string, Intl.DateTimeFormat>();

export function todayIn(timeZone: string, now: Date = new Date()): IsoDate {
  let format = dayFormats.get(timeZone);
  if (!format) {
    // en-CA formats as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(timeZone, format);
  }
  return format.format(now);
}

/** `29 Aug 2020`: the way dates read in UK school documents. */
export function formatUkDate(value: IsoDate): string {
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(year, month - 1, day)));
}
