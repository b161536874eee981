import { strToU8 } from 'fflate';
import type { RosterUpload } from './roster-parse.js';
import { simpleRosterColumns } from './roster-parse.js';

/** Test factory: a simple roster CSV upload from rows keyed by column name (generated names only). */
export function buildRosterCsv(
  rows: readonly Partial<Record<(typeof simpleRosterColumns)[number] | 'roles', string>>[],
  name = 'roster.csv',
): RosterUpload {
  const columns = [...simpleRosterColumns, 'roles'] as const;
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [columns.join(','), ...rows.map((r) => columns.map((c) => quote(r[c] ?? '')).join(','))];
  return { name, bytes: strToU8(`${lines.join('\n')}\n`) };
}
