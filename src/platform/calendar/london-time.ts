/**
 * London's wall clock (Europe/London: GMT in winter, BST in summer), the clock UK schools keep, read from
 * the platform's time-zone data. Pure.
 */

/** The wall-clock reading in London at an instant. Month is 1–12; weekday 0–6 from Sunday; hour 0–23. */
export interface LondonTime {
  year: number;
  month: number;
  day: number;
  weekday: number;
  hour: number;
  minute: number;
  second: number;
}

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  weekday: 'short',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

const weekdays: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** London's wall-clock year, month, day, weekday, hour, minute and second at an instant. */
export function londonTime(at: Date): LondonTime {
  const parts: Record<string, string> = {};
  for (const part of londonParts.formatToParts(at)) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    weekday: weekdays[parts.weekday ?? ''] ?? 0,
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}
