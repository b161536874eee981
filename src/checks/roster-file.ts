import { invalid } from '../platform/errors.js';
import type { RosterCarerInput, RosterInput, RosterPupilInput } from './roster-index.js';
import type { ConsentState, PupilConsent } from './types.js';

/** The documented simple roster CSV's columns; `consent` is optional. */
export const rosterColumns = [
  'role',
  'external_id',
  'given_name',
  'family_name',
  'preferred_name',
  'date_of_birth',
  'year_group',
  'status',
  'left_on',
  'email',
  'phone',
  'linked_pupils',
] as const;

export interface RosterFile {
  roster: RosterInput;
  /** Photo / social-media consent per pupil external id, from the optional `consent` column. */
  consents: Map<string, PupilConsent>;
}

interface Cell {
  value: string;
  line: number;
  column: number;
}

/** Splits CSV text into rows of cells with their line and column (1-based), honouring quotes. */
function parseCsv(text: string, file: string, errors: string[]): Cell[][] {
  const rows: Cell[][] = [];
  let row: Cell[] = [];
  let value = '';
  let line = 1;
  let column = 1;
  let cellLine = 1;
  let cellColumn = 1;
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endCell = () => {
    row.push({ value, line: cellLine, column: cellColumn });
    value = '';
  };
  for (; i < text.length; i += 1) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        value += '"';
        i += 1;
        column += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else value += ch;
      if (ch === '\n') {
        line += 1;
        column = 1;
      } else column += 1;
      continue;
    }
    if (ch === '"' && value === '') {
      quoted = true;
      column += 1;
      continue;
    }
    if (ch === ',') {
      endCell();
      column += 1;
      cellLine = line;
      cellColumn = column;
      continue;
    }
    if (ch === '\r') continue;
    if (ch === '\n') {
      endCell();
      if (!(row.length === 1 && row[0]?.value === '')) rows.push(row);
      row = [];
      line += 1;
      column = 1;
      cellLine = line;
      cellColumn = 1;
      continue;
    }
    value += ch;
    column += 1;
  }
  if (quoted) errors.push(`${file}:${cellLine}:${cellColumn}: unterminated quoted field`);
  if (value !== '' || row.length > 0) {
    endCell();
    rows.push(row);
  }
  return rows;
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

function validDate(value: string): boolean {
  if (!isoDate.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

const consentStates: readonly ConsentState[] = ['granted', 'refused', 'withdrawn', 'none'];

/**
 * Parses the simple roster CSV (the people issue's format plus an optional `consent` column such as
 * `photo:granted` or `photo:granted:2026-08-31` for an expiry). Every problem is reported as
 * `file:line:column: what is wrong`; any problem rejects the whole file with `RosterFileInvalid`.
 */
export function parseRosterFile(text: string, file = 'roster.csv'): RosterFile {
  const errors: string[] = [];
  const rows = parseCsv(text, file, errors);
  const header = rows[0];
  if (!header)
    throw invalid('RosterFileInvalid', `${file}:1:1: the file is empty`, [`${file}:1:1: the file is empty`]);
  const names = header.map((c) => c.value.trim().toLowerCase());
  const position = new Map(names.map((n, i) => [n, i]));
  for (const column of rosterColumns) {
    if (!position.has(column)) errors.push(`${file}:1:1: missing column ${column}`);
  }
  if (errors.length > 0) throw invalid('RosterFileInvalid', errors[0] as string, errors);
  const pupils: RosterPupilInput[] = [];
  const carers: RosterCarerInput[] = [];
  const consents = new Map<string, PupilConsent>();
  const seen = new Set<string>();
  const links: { carer: RosterCarerInput; ids: Cell }[] = [];
  for (const row of rows.slice(1)) {
    const lineNo = row[0]?.line ?? 0;
    const cell = (name: string): Cell => {
      const at = position.get(name) as number;
      return row[at] ?? { value: '', line: lineNo, column: (row[row.length - 1]?.column ?? 1) + 1 };
    };
    const get = (name: string) => cell(name).value.trim();
    const fail = (name: string, what: string) => {
      const c = cell(name);
      errors.push(`${file}:${c.line}:${c.column}: ${what}`);
    };
    const role = get('role');
    const id = get('external_id');
    if (id === '') fail('external_id', 'external_id is empty');
    else if (seen.has(id)) fail('external_id', `duplicate external_id ${id}`);
    seen.add(id);
    if (get('given_name') === '') fail('given_name', 'given_name is empty');
    if (get('family_name') === '') fail('family_name', 'family_name is empty');
    for (const dateColumn of ['date_of_birth', 'left_on']) {
      const v = get(dateColumn);
      if (v !== '' && !validDate(v)) fail(dateColumn, `${dateColumn} "${v}" is not a date (YYYY-MM-DD)`);
    }
    if (role === 'pupil') {
      const status = get('status') || 'current';
      if (status !== 'current' && status !== 'left')
        fail('status', `status "${status}" must be current or left`);
      const pupil: RosterPupilInput = {
        id,
        givenName: get('given_name'),
        familyName: get('family_name'),
        status: status === 'left' ? 'left' : 'current',
      };
      if (get('preferred_name')) pupil.preferredName = get('preferred_name');
      if (get('date_of_birth') && validDate(get('date_of_birth'))) pupil.dateOfBirth = get('date_of_birth');
      if (get('left_on') && validDate(get('left_on'))) pupil.leftOn = get('left_on');
      pupils.push(pupil);
      if (position.has('consent') && get('consent') !== '') {
        const [kind, state, expires] = get('consent').split(':');
        if (kind !== 'photo' || !consentStates.includes(state as ConsentState)) {
          fail(
            'consent',
            `consent "${get('consent')}" must be photo:granted, photo:refused or photo:withdrawn`,
          );
        } else if (expires !== undefined && !validDate(expires)) {
          fail('consent', `consent expiry "${expires}" is not a date (YYYY-MM-DD)`);
        } else {
          consents.set(id, { state: state as ConsentState, ...(expires ? { expiresOn: expires } : {}) });
        }
      }
    } else if (role === 'carer') {
      const carer: RosterCarerInput = {
        id,
        givenName: get('given_name'),
        familyName: get('family_name'),
        pupilIds: [],
      };
      carers.push(carer);
      links.push({ carer, ids: cell('linked_pupils') });
    } else if (role !== 'staff') {
      fail('role', `role "${role}" must be pupil, carer or staff`);
    }
  }
  const pupilIds = new Set(pupils.map((p) => p.id));
  for (const { carer, ids } of links) {
    for (const pupilId of ids.value
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean)) {
      if (!pupilIds.has(pupilId))
        errors.push(`${file}:${ids.line}:${ids.column}: unknown linked pupil ${pupilId}`);
      else carer.pupilIds.push(pupilId);
    }
  }
  if (errors.length > 0) throw invalid('RosterFileInvalid', errors[0] as string, errors);
  return { roster: { pupils, carers }, consents };
}
