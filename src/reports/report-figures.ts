import type { IsoDate } from '../platform/calendar/dates.js';
import { clauseById } from '../policy/clauses.js';

export const SMALL_NUMBER_LIMIT = 5;

export type ReportValue =
  | { kind: 'count'; value: number | null; band: 'fewer_than_5' | null }
  | { kind: 'percent'; value: number | null; band: 'fewer_than_5' | null }
  | { kind: 'hours'; value: number | null; band: 'fewer_than_5' | null }
  | { kind: 'text'; text: string };

export interface Figure {
  key: string;
  label: string;
  /** One sentence saying exactly what is counted. */
  definition: string;
  value: ReportValue;
  /** A breakdown (by category, role, clause...), each part suppressed on its own. */
  parts?: { key: string; label: string; value: ReportValue }[];
}

export interface ReportSection {
  key: string;
  title: string;
  figures: Figure[];
}

export interface GovernorsReport {
  schoolId: string;
  schoolName: string;
  from: IsoDate;
  to: IsoDate;
  marking: 'OFFICIAL';
  producedBy: { name: string; role: string };
  producedAt: string;
  sections: ReportSection[];
  /** Every figure's definition in one table, served with the report. */
  definitions: { key: string; label: string; definition: string }[];
}

/** A count as a governor may see it: 0 and 5 or more as they are, 1 to 4 as a band. */
export function suppressCount(n: number): ReportValue {
  return n > 0 && n < SMALL_NUMBER_LIMIT
    ? { kind: 'count', value: null, band: 'fewer_than_5' }
    : { kind: 'count', value: n, band: null };
}

export function measure(kind: 'percent' | 'hours', value: number | null, basedOn: number): ReportValue {
  if (basedOn > 0 && basedOn < SMALL_NUMBER_LIMIT) return { kind, value: null, band: 'fewer_than_5' };
  return { kind, value: value === null ? null : Math.round(value * 10) / 10, band: null };
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function tally<K extends string>(keys: readonly K[], items: readonly K[], label: (k: K) => string) {
  return keys.map((key) => ({
    key,
    label: label(key),
    value: suppressCount(items.filter((i) => i === key).length),
  }));
}

function clauseTitle(id: string): string {
  try {
    return clauseById(id as Parameters<typeof clauseById>[0]).title;
  } catch {
    return id;
  }
}

/** Posts counted per clause: each post once per clause it was flagged under (at the given severities). */
export function byClause(rows: { findings: { clause: string; severity: string }[] }[], severities: string[]) {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const ids = new Set(row.findings.filter((f) => severities.includes(f.severity)).map((f) => f.clause));
    for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([key, n]) => ({ key, label: clauseTitle(key), value: suppressCount(n) }));
}

export const HOUR_MS = 3_600_000;
