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
 * Urgent: so many minutes. Routine: the same time of day so many working days later (Saturday and
 * Sunday skipped, by the day in Europe/London; bank holidays are not known here and count as working days).
 */
export function acknowledgementDeadline(
  urgency: 'urgent' | 'routine',
  from: Date,
  settings: AcknowledgementSettings,
): Date {
  if (urgency === 'urgent') return new Date(from.getTime() + settings.urgentAckMinutes * 60_000);
  let at = new Date(from);
  let remaining = settings.routineAckWorkingDays;
  while (remaining > 0) {
    at = new Date(at.getTime() + 24 * 3_600_000);
    if (!isWeekend(at)) remaining--;
  }
  return at;
}

function isWeekend(at: Date): boolean {
  const day = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'short' }).format(at);
  return day === 'Sat' || day === 'Sun';
}

/** Adds school days (Monday to Friday) to an ISO date: the 5-school-day transfer deadline. */
export function addSchoolDays(isoDate: string, days: number): string {
  const at = new Date(`${isoDate}T12:00:00Z`);
  let remaining = days;
  while (remaining > 0) {
    at.setUTCDate(at.getUTCDate() + 1);
    const weekday = at.getUTCDay();
    if (weekday !== 0 && weekday !== 6) remaining--;
  }
  return at.toISOString().slice(0, 10);
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
