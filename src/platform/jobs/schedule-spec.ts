/**
 * Schedule specs:
 * - `every N(m|h|d)`: N minutes, hours or days after the previous slot, aligned to the Unix epoch so
 *   every process computes the same slots (`every 15m` runs at :00, :15, :30, :45 UTC).
 * - five cron fields `minute hour day-of-month month day-of-week`, read by croner on the clock of the
 *   schools, Europe/London, so `0 8 * * *` is 08:00 in both GMT and BST. As in cron, when both day fields
 *   are restricted, either may match, and 7 is Sunday as well as 0. When the clocks go back, the repeated
 *   hour runs once (its first time); when they go forward, a slot in the missing hour is skipped that day
 *   (croner would run it at 02:00 BST instead; see `nextRunAfter`).
 */

import { Cron } from 'croner';
import { SCHOOL_TIME_ZONE } from '../calendar/dates.js';

export type ScheduleSpec = { kind: 'interval'; milliseconds: number } | { kind: 'cron'; cron: Cron };

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

const FIELD_NAMES = ['minute', 'hour', 'day-of-month', 'month', 'day-of-week'] as const;

function cronOf(pattern: string): Cron {
  // Paused: croner only computes slots here; the job worker decides when anything runs.
  return new Cron(pattern, { timezone: SCHOOL_TIME_ZONE, mode: '5-part', paused: true });
}

/**
 * Croner stops at the first bad field; an operator fixing a spec wants every problem at once, so each
 * field is tried alone with the others left as `*`.
 */
function fieldProblems(fields: readonly string[]): string[] {
  const problems: string[] = [];
  fields.forEach((field, index) => {
    const alone = FIELD_NAMES.map((_, i) => (i === index ? field : '*')).join(' ');
    try {
      cronOf(alone);
    } catch (error) {
      problems.push(`${FIELD_NAMES[index]}: "${field}" ${reason(error)}`);
    }
  });
  return problems;
}

function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `is not valid (${message.replace(/^CronPattern: /, '')})`;
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
  const problems = fieldProblems(fields);
  if (problems.length > 0) throw new ScheduleSpecError(spec, problems);
  try {
    return { kind: 'cron', cron: cronOf(fields.join(' ')) };
  } catch (error) {
    throw new ScheduleSpecError(spec, [reason(error)]);
  }
}

/** The first slot strictly after `after`. */
export function nextRunAfter(spec: ScheduleSpec, after: Date): Date {
  if (spec.kind === 'interval') {
    const ms = spec.milliseconds;
    return new Date((Math.floor(after.getTime() / ms) + 1) * ms);
  }
  // Croner moves a slot that falls in the hour the clocks skip to the first minute after it; such a run
  // does not match the pattern on the wall clock, and the schedule's rule is to skip it that day.
  // A few tries suffice (one shifted slot, then the next day's); the bound only guards against a loop.
  let from = after;
  for (let attempt = 0; attempt < 10; attempt++) {
    const next = spec.cron.nextRun(from);
    if (!next) break;
    if (spec.cron.match(next)) return next;
    from = next;
  }
  throw new ScheduleSpecError(spec.cron.getPattern() ?? 'cron', ['never matches a real date']);
}
