import { addWorkingDays, addWorkingDaysInLondon } from '../platform/calendar/working-days.js';

/** When an alert must be acknowledged before the next people in the chain are told. Pure. */
export interface AcknowledgementSettings {
  urgentAckMinutes: number;
  routineAckWorkingDays: number;
}

export const defaultAcknowledgementSettings: AcknowledgementSettings = {
  urgentAckMinutes: 15,
  routineAckWorkingDays: 1,
};

/**
 * Urgent: so many minutes. Routine: the same time of day so many working days later (weekends and the
 * bank holidays of England and Wales skipped, by the day in Europe/London).
 */
export function acknowledgementDeadline(
  urgency: 'urgent' | 'routine',
  from: Date,
  settings: AcknowledgementSettings,
): Date {
  if (urgency === 'urgent') return new Date(from.getTime() + settings.urgentAckMinutes * 60_000);
  return addWorkingDaysInLondon(from, settings.routineAckWorkingDays);
}

const HOUR_MS = 3_600_000;

/**
 * No acknowledgement deadline falls sooner than this. A routine deadline is whole working days later at the
 * same London time, so at least that many 24-hour days less a clock change (an hour; two, for a time in the
 * hour the clocks skip). A count can skip the working-day calendar for a concern acknowledged before it.
 */
export function earliestAcknowledgementDeadline(
  urgency: 'urgent' | 'routine',
  from: Date,
  settings: AcknowledgementSettings,
): Date {
  if (urgency === 'urgent') return acknowledgementDeadline(urgency, from, settings);
  return new Date(from.getTime() + settings.routineAckWorkingDays * 24 * HOUR_MS - 2 * HOUR_MS);
}

/**
 * Adds school days to an ISO date: the 5-school-day transfer deadline. Weekends and bank holidays are
 * skipped; a school's own holidays are not known, so a transfer over half-term is due earlier, never later.
 */
export function addSchoolDays(isoDate: string, days: number): string {
  return addWorkingDays(isoDate, days);
}

/** Retention: the youngest pupil's date of birth + 25 years (null when no date of birth is known). */
export function retentionUntil(datesOfBirth: readonly (string | null)[]): string | null {
  const known = datesOfBirth.filter((d): d is string => d !== null).sort();
  const youngest = known[known.length - 1];
  if (!youngest) return null;
  const year = Number(youngest.slice(0, 4)) + 25;
  // 29 February + 25 years is 1 March (no leap day that year): keep the record the longer way.
  const monthDay = youngest.slice(5) === '02-29' ? '03-01' : youngest.slice(5);
  return `${year}-${monthDay}`;
}
