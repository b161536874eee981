/**
 * Schedule specs, deliberately small:
 * - `every N(m|h|d)`: N minutes, hours or days after the previous slot, aligned to the Unix epoch so
 *   every process computes the same slots (`every 15m` runs at :00, :15, :30, :45 UTC).
 * - five cron fields `minute hour day-of-month month day-of-week`, read on the clock of the schools,
 *   Europe/London, so `0 8 * * *` is 08:00 in both GMT and BST. Each field takes `*`, a number, a range
 *   `a-b`, a list `a,b,c` and a step `*\/n` or `a-b/n`. Day of week is 0–6 from Sunday (7 is Sunday too).
 *   As in cron, when both day fields are restricted, either may match. When the clocks go back, the
 *   repeated hour runs once (its first time); when they go forward, a slot in the missing hour is skipped
 *   that day.
 */

import { londonTime } from '../calendar/london-time.js';

export type ScheduleSpec =
  | { kind: 'interval'; milliseconds: number }
  | {
      kind: 'cron';
      minutes: ReadonlySet<number>;
      hours: ReadonlySet<number>;
      daysOfMonth: ReadonlySet<number>;
      months: ReadonlySet<number>;
      daysOfWeek: ReadonlySet<number>;
      domRestricted: boolean;
      dowRestricted: boolean;
    };

export class ScheduleSpecError extends Error {
  constructor(
    readonly spec: string,
    readonly problems: readonly string[],
  ) {
    super(`schedule "${spec}": ${problems.join('; ')}`);
    this.name = 'ScheduleSpecError';
  }
}

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

function parseField(text: string, name: string, min: number, max: number, problems: string[]): Set<number> {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!match) {
      problems.push(`${name}: "${part}" is not a number, range, list or step`);
      continue;
    }
    const step = match[4] === undefined ? 1 : Number(match[4]);
    let from = min;
    let to = max;
    if (match[1] !== '*') {
      from = Number(match[2]);
      to = match[3] === undefined ? (match[4] === undefined ? from : max) : Number(match[3]);
    }
    if (step < 1) problems.push(`${name}: step must be at least 1`);
    else if (from < min || to > max || from > to)
      problems.push(`${name}: "${part}" is outside ${min}–${max}`);
    else for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

/** Parses a spec, listing every problem at once. */
export function parseScheduleSpec(spec: string): ScheduleSpec {
  const text = spec.trim().toLowerCase();
  const interval = /^every\s+(\d+)\s*([mhd])$/.exec(text);
  if (interval) {
    const amount = Number(interval[1]);
    if (amount < 1) throw new ScheduleSpecError(spec, ['the interval must be at least 1']);
    return { kind: 'interval', milliseconds: amount * UNIT_MS[interval[2] as keyof typeof UNIT_MS] };
  }
  const fields = text.split(/\s+/);
  if (fields.length !== 5 || text.startsWith('every')) {
    throw new ScheduleSpecError(spec, [
      'expected `every N(m|h|d)` or five cron fields `minute hour day-of-month month day-of-week`',
    ]);
  }
  const [m, h, dom, mon, dow] = fields as [string, string, string, string, string];
  const problems: string[] = [];
  const daysOfWeek = parseField(dow, 'day-of-week', 0, 7, problems);
  if (daysOfWeek.has(7)) daysOfWeek.add(0);
  const parsed: ScheduleSpec = {
    kind: 'cron',
    minutes: parseField(m, 'minute', 0, 59, problems),
    hours: parseField(h, 'hour', 0, 23, problems),
    daysOfMonth: parseField(dom, 'day-of-month', 1, 31, problems),
    months: parseField(mon, 'month', 1, 12, problems),
    daysOfWeek,
    domRestricted: dom !== '*',
    dowRestricted: dow !== '*',
  };
  if (problems.length > 0) throw new ScheduleSpecError(spec, problems);
  return parsed;
}

/** London's offset from UTC is always whole hours, so a UTC hour is one London hour. */
const HOUR_MS = 3_600_000;

interface LocalHour {
  month: number;
  day: number;
  weekday: number;
  hour: number;
}

/** The London wall-clock month, day, weekday and hour of an instant. */
export function londonHour(at: Date): LocalHour {
  const { month, day, weekday, hour } = londonTime(at);
  return { month, day, weekday, hour };
}

function dayMatches(spec: Extract<ScheduleSpec, { kind: 'cron' }>, local: LocalHour): boolean {
  const dom = spec.daysOfMonth.has(local.day);
  const dow = spec.daysOfWeek.has(local.weekday);
  if (spec.domRestricted && spec.dowRestricted) return dom || dow;
  return dom && dow;
}

/** The first slot strictly after `after`. */
export function nextRunAfter(spec: ScheduleSpec, after: Date): Date {
  if (spec.kind === 'interval') {
    const ms = spec.milliseconds;
    return new Date((Math.floor(after.getTime() / ms) + 1) * ms);
  }
  const firstMinute = Math.floor(after.getTime() / 60_000) + 1;
  let hourStart = Math.floor((firstMinute * 60_000) / HOUR_MS) * HOUR_MS;
  // Walks London hours, jumping towards the next day where the day does not match (never past its
  // midnight: a local day has at least 23 hours); ends within 5 years even for specs like `0 0 31 2 *`.
  const limit = after.getTime() + 5 * 366 * 86_400_000;
  let previousHour = londonHour(new Date(hourStart - HOUR_MS)).hour;
  while (hourStart <= limit) {
    const local = londonHour(new Date(hourStart));
    const repeated = local.hour === previousHour;
    previousHour = local.hour;
    if (!spec.months.has(local.month) || !dayMatches(spec, local)) {
      const jump = Math.max(1, 23 - local.hour);
      previousHour = londonHour(new Date(hourStart + (jump - 1) * HOUR_MS)).hour;
      hourStart += jump * HOUR_MS;
      continue;
    }
    if (!repeated && spec.hours.has(local.hour)) {
      for (const minute of [...spec.minutes].sort((a, b) => a - b)) {
        const at = hourStart + minute * 60_000;
        if (at >= firstMinute * 60_000) return new Date(at);
      }
    }
    hourStart += HOUR_MS;
  }
  throw new ScheduleSpecError('cron', ['never matches a real date']);
}
