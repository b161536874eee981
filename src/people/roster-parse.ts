import { isRole, type Role } from '../platform/auth/roles.js';
import { invalid } from '../platform/errors.js';
import { unzipWithinLimits, ZipFormatError, type ZipLimits, zipLimitsFrom } from '../platform/uploads/zip.js';
import {
  type CsvRow,
  type CsvTable,
  checkIsoDate,
  decodeUtf8,
  formatProblem,
  type RosterProblem,
  readCsvTable,
} from './roster-csv.js';

/** A photo (social media) consent as the simple roster CSV's `consent` column writes it. */
export type RosterConsentState = 'granted' | 'refused' | 'withdrawn' | 'none';

export interface RosterConsent {
  state: RosterConsentState;
  /** ISO date after which the consent no longer holds. */
  expiresOn?: string;
}

/**
 * Roster files in, people out: the documented simple CSV and OneRoster 1.1 CSV (a folder's files or a
 * zip). Pure: no database, no file system. Every problem is collected, then the whole roster is refused
 * with `RosterFileInvalid` and a `file:line:column: what is wrong` line per problem.
 */

export interface RosterUpload {
  /** The name shown in errors: a path as the user gave it, or an uploaded file's name. */
  name: string;
  bytes: Uint8Array;
}

export interface ParsedPupil {
  externalId: string;
  givenName: string;
  familyName: string;
  preferredName: string | null;
  dateOfBirth: string | null;
  yearGroup: number | null;
  status: 'current' | 'left';
  leftOn: string | null;
  upn: string | null;
  /** From the simple CSV's optional `consent` column (used by stateless `guardpost check --roster`). */
  consent?: RosterConsent;
}

export interface ParsedCarerLink {
  pupilExternalId: string;
  relationship: string | null;
  parentalResponsibility: boolean;
}

export interface ParsedCarer {
  externalId: string;
  givenName: string;
  familyName: string;
  email: string | null;
  phone: string | null;
  links: ParsedCarerLink[];
}

export interface ParsedStaff {
  externalId: string;
  givenName: string;
  familyName: string;
  /** Lower case. */
  email: string;
  /** Undefined when the file does not say: an existing member keeps their roles, a new one gets `staff`. */
  roles: Role[] | undefined;
}

export interface ParsedRoster {
  format: 'simple' | 'oneroster';
  pupils: ParsedPupil[];
  carers: ParsedCarer[];
  staff: ParsedStaff[];
}

/** The simple CSV's columns, in the documented order. `consent`, `roles`, `upn`, `relationship` and
 * `parental_responsibility` are optional extras. */
export const simpleRosterColumns = [
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

const consentStates: readonly RosterConsentState[] = ['granted', 'refused', 'withdrawn', 'none'];
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function refuse(problems: readonly RosterProblem[]): never {
  // In reading order, so the list can be worked through from the top of each file.
  const lines = [...problems]
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column))
    .map(formatProblem);
  throw invalid('RosterFileInvalid', lines[0] ?? 'the roster is invalid', lines);
}

/** Year groups as schools write them: `7`, `Y7`, `Year 7`, `07`, `R` (Reception, stored as 0). */
export function parseYearGroup(value: string): number | undefined {
  const v = value.trim().toLowerCase();
  if (v === 'r' || v === 'reception' || v === 'rec') return 0;
  const match = /^(?:y|year\s*)?0*(\d{1,2})$/.exec(v);
  if (!match) return undefined;
  const n = Number(match[1]);
  return n >= 1 && n <= 14 ? n : undefined;
}

function checkDate(table: CsvTable, row: CsvRow, column: string): string | null {
  const value = table.get(row, column);
  if (value === '') return null;
  const verdict = checkIsoDate(value);
  if (verdict === 'format') table.fail(row, column, `${column} "${value}" is not a date (YYYY-MM-DD)`);
  else if (verdict === 'impossible') table.fail(row, column, `${column} "${value}" is not a real date`);
  return verdict === 'ok' ? value : null;
}

function checkNames(table: CsvTable, row: CsvRow, given: string, family: string): void {
  if (table.get(row, given) === '') table.fail(row, given, `${given} is empty`);
  if (table.get(row, family) === '') table.fail(row, family, `${family} is empty`);
}

function checkEmail(table: CsvTable, row: CsvRow, column: string, required: boolean): string | null {
  const value = table.get(row, column).toLowerCase();
  if (value === '') {
    if (required) table.fail(row, column, `${column} is empty (staff sign in with it)`);
    return null;
  }
  if (!emailPattern.test(value)) table.fail(row, column, `${column} "${value}" is not an email address`);
  return value;
}

function parseBoolean(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if (['true', 'yes', 'y', '1'].includes(v)) return true;
  if (['false', 'no', 'n', '0', ''].includes(v)) return false;
  return undefined;
}

/** Parses the documented simple roster CSV. */
export function parseSimpleRoster(upload: RosterUpload): ParsedRoster {
  const problems: RosterProblem[] = [];
  const text = decodeUtf8(upload.bytes, upload.name, problems);
  if (text === undefined) refuse(problems);
  return parseSimpleRosterText(text, upload.name);
}

/** The simple CSV from text already decoded (the stateless check reads files as text). */
export function parseSimpleRosterText(
  text: string,
  file: string,
  options: { staffEmailRequired?: boolean } = {},
): ParsedRoster {
  const problems: RosterProblem[] = [];
  const table = readCsvTable(
    text.charCodeAt(0) === 0xfeff ? text.slice(1) : text,
    file,
    simpleRosterColumns,
    problems,
  );
  if (!table) refuse(problems);
  const roster: ParsedRoster = { format: 'simple', pupils: [], carers: [], staff: [] };
  const seen = new Set<string>();
  const staffEmails = new Set<string>();
  const pendingLinks: { carer: ParsedCarer; row: CsvRow; relationship: string | null; pr: boolean }[] = [];
  for (const row of table.rows) {
    const role = table.get(row, 'role').toLowerCase();
    const id = table.get(row, 'external_id');
    if (id === '') table.fail(row, 'external_id', 'external_id is empty');
    else if (seen.has(id)) table.fail(row, 'external_id', `duplicate external_id ${id}`);
    seen.add(id);
    checkNames(table, row, 'given_name', 'family_name');
    const dateOfBirth = checkDate(table, row, 'date_of_birth');
    const leftOn = checkDate(table, row, 'left_on');
    const givenName = table.get(row, 'given_name');
    const familyName = table.get(row, 'family_name');
    if (role === 'pupil') {
      const status = table.get(row, 'status').toLowerCase() || 'current';
      if (status !== 'current' && status !== 'left')
        table.fail(row, 'status', `status "${status}" must be current or left`);
      const yearText = table.get(row, 'year_group');
      const yearGroup = yearText === '' ? undefined : parseYearGroup(yearText);
      if (yearText !== '' && yearGroup === undefined)
        table.fail(row, 'year_group', `year_group "${yearText}" must be R or a year from 1 to 14`);
      const pupil: ParsedPupil = {
        externalId: id,
        givenName,
        familyName,
        preferredName: table.get(row, 'preferred_name') || null,
        dateOfBirth,
        yearGroup: yearGroup ?? null,
        status: status === 'left' ? 'left' : 'current',
        leftOn,
        upn: table.has('upn') ? table.get(row, 'upn') || null : null,
      };
      if (table.has('consent') && table.get(row, 'consent') !== '') {
        const raw = table.get(row, 'consent');
        const [kind, state, expires] = raw.split(':');
        if (kind !== 'photo' || !consentStates.includes(state as RosterConsentState)) {
          table.fail(
            row,
            'consent',
            `consent "${raw}" must be photo:granted, photo:refused or photo:withdrawn`,
          );
        } else if (expires !== undefined && checkIsoDate(expires) !== 'ok') {
          table.fail(row, 'consent', `consent expiry "${expires}" is not a date (YYYY-MM-DD)`);
        } else {
          pupil.consent = { state: state as RosterConsentState, ...(expires ? { expiresOn: expires } : {}) };
        }
      }
      roster.pupils.push(pupil);
    } else if (role === 'carer') {
      const carer: ParsedCarer = {
        externalId: id,
        givenName,
        familyName,
        email: checkEmail(table, row, 'email', false),
        phone: table.get(row, 'phone') || null,
        links: [],
      };
      let pr = false;
      if (table.has('parental_responsibility')) {
        const parsed = parseBoolean(table.get(row, 'parental_responsibility'));
        if (parsed === undefined)
          table.fail(row, 'parental_responsibility', 'parental_responsibility must be yes or no');
        pr = parsed ?? false;
      }
      const relationship = table.has('relationship') ? table.get(row, 'relationship') || null : null;
      roster.carers.push(carer);
      pendingLinks.push({ carer, row, relationship, pr });
    } else if (role === 'staff') {
      const email = checkEmail(table, row, 'email', options.staffEmailRequired ?? true);
      if (email && staffEmails.has(email)) table.fail(row, 'email', `duplicate staff email ${email}`);
      if (email) staffEmails.add(email);
      let roles: Role[] | undefined;
      if (table.has('roles') && table.get(row, 'roles') !== '') {
        const names = table
          .get(row, 'roles')
          .split(';')
          .map((r) => r.trim().toLowerCase())
          .filter(Boolean);
        const bad = names.filter((r) => !isRole(r));
        if (bad.length > 0) table.fail(row, 'roles', `unknown role ${bad.join(', ')}`);
        roles = [...new Set(['staff', ...names.filter(isRole)])] as Role[];
      }
      roster.staff.push({ externalId: id, givenName, familyName, email: email ?? '', roles });
    } else {
      table.fail(row, 'role', `role "${role}" must be pupil, carer or staff`);
    }
  }
  const pupilIds = new Set(roster.pupils.map((p) => p.externalId));
  for (const { carer, row, relationship, pr } of pendingLinks) {
    const cell = table.cell(row, 'linked_pupils');
    const ids = cell.value
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const pupilId of ids) {
      if (!pupilIds.has(pupilId)) table.fail(row, 'linked_pupils', `unknown linked pupil ${pupilId}`);
      else if (!carer.links.some((l) => l.pupilExternalId === pupilId))
        carer.links.push({ pupilExternalId: pupilId, relationship, parentalResponsibility: pr });
    }
  }
  if (problems.length > 0) refuse(problems);
  return roster;
}

const oneRosterUsersColumns = [
  'sourcedId',
  'orgSourcedIds',
  'role',
  'givenName',
  'familyName',
  'email',
  'agentSourcedIds',
  'grades',
] as const;
const staffRoles = new Set(['teacher', 'administrator', 'aide', 'proctor']);
const carerRoles = new Set(['parent', 'guardian', 'relative']);

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Parses OneRoster 1.1 CSV: `users.csv`, `demographics.csv` (birth dates) and `orgs.csv`. */
export function parseOneRoster(files: readonly RosterUpload[]): ParsedRoster {
  const problems: RosterProblem[] = [];
  const byName = new Map(files.map((f) => [baseName(f.name).toLowerCase(), f]));
  const texts = new Map<string, { file: string; text: string }>();
  for (const needed of oneRosterFiles) {
    const upload = byName.get(needed);
    if (!upload) {
      problems.push({
        file: needed,
        line: 1,
        column: 1,
        message: `${needed} is missing (OneRoster needs it)`,
      });
      continue;
    }
    const text = decodeUtf8(upload.bytes, upload.name, problems);
    if (text !== undefined) texts.set(needed, { file: upload.name, text });
  }
  if (problems.length > 0) refuse(problems);
  const read = (name: string, columns: readonly string[]) => {
    const { file, text } = texts.get(name) as { file: string; text: string };
    return readCsvTable(text, file, columns, problems);
  };
  const orgs = read('orgs.csv', ['sourcedId', 'name', 'type']);
  const demographics = read('demographics.csv', ['sourcedId', 'birthDate']);
  const users = read('users.csv', oneRosterUsersColumns);
  if (!orgs || !demographics || !users) refuse(problems);

  const orgIds = new Set(orgs.rows.map((r) => orgs.get(r, 'sourcedId')).filter(Boolean));
  const birthDates = new Map<string, string | null>();
  for (const row of demographics.rows) {
    birthDates.set(demographics.get(row, 'sourcedId'), checkDate(demographics, row, 'birthDate'));
  }

  const roster: ParsedRoster = { format: 'oneroster', pupils: [], carers: [], staff: [] };
  const seen = new Set<string>();
  const carerAgents: { carer: ParsedCarer; row: CsvRow; role: string }[] = [];
  const pupilAgents: { pupil: ParsedPupil; row: CsvRow }[] = [];
  const staffEmails = new Set<string>();
  for (const row of users.rows) {
    const id = users.get(row, 'sourcedId');
    if (id === '') users.fail(row, 'sourcedId', 'sourcedId is empty');
    else if (seen.has(id)) users.fail(row, 'sourcedId', `duplicate sourcedId ${id}`);
    seen.add(id);
    checkNames(users, row, 'givenName', 'familyName');
    for (const org of splitList(users.get(row, 'orgSourcedIds'))) {
      if (!orgIds.has(org)) users.fail(row, 'orgSourcedIds', `unknown org ${org} (not in orgs.csv)`);
    }
    const role = users.get(row, 'role').toLowerCase();
    const givenName = users.get(row, 'givenName');
    const familyName = users.get(row, 'familyName');
    // OneRoster marks records for removal rather than dropping them; a disabled pupil has left.
    const gone =
      users.has('status') && users.get(row, 'status').toLowerCase() === 'tobedeleted'
        ? true
        : users.has('enabledUser') && users.get(row, 'enabledUser').toLowerCase() === 'false';
    if (role === 'student') {
      const grades = splitList(users.get(row, 'grades'));
      const grade = grades[0];
      const yearGroup = grade === undefined ? undefined : parseYearGroup(grade);
      if (grade !== undefined && yearGroup === undefined)
        users.fail(row, 'grades', `grade "${grade}" must be R or a year from 1 to 14`);
      const preferred = users.has('preferredFirstName') ? users.get(row, 'preferredFirstName') : '';
      const pupil: ParsedPupil = {
        externalId: id,
        givenName,
        familyName,
        preferredName: preferred || null,
        dateOfBirth: birthDates.get(id) ?? null,
        yearGroup: yearGroup ?? null,
        status: gone ? 'left' : 'current',
        leftOn: null,
        upn: users.has('identifier') ? users.get(row, 'identifier') || null : null,
      };
      roster.pupils.push(pupil);
      pupilAgents.push({ pupil, row });
    } else if (carerRoles.has(role)) {
      const carer: ParsedCarer = {
        externalId: id,
        givenName,
        familyName,
        email: checkEmail(users, row, 'email', false),
        phone:
          (users.has('phone') ? users.get(row, 'phone') : '') ||
          (users.has('sms') ? users.get(row, 'sms') : '') ||
          null,
        links: [],
      };
      roster.carers.push(carer);
      carerAgents.push({ carer, row, role });
    } else if (staffRoles.has(role)) {
      const email = checkEmail(users, row, 'email', true);
      if (email && staffEmails.has(email)) users.fail(row, 'email', `duplicate staff email ${email}`);
      if (email) staffEmails.add(email);
      // OneRoster roles say nothing about safeguarding duties: Guardpost roles are set in Guardpost.
      if (!gone)
        roster.staff.push({ externalId: id, givenName, familyName, email: email ?? '', roles: undefined });
    } else {
      users.fail(
        row,
        'role',
        `role "${role}" must be student, parent, guardian, relative, teacher, administrator or aide`,
      );
    }
  }
  const pupilIds = new Set(roster.pupils.map((p) => p.externalId));
  const carersById = new Map(roster.carers.map((c) => [c.externalId, c]));
  for (const { carer, row, role } of carerAgents) {
    for (const pupilId of splitList(users.get(row, 'agentSourcedIds'))) {
      if (!pupilIds.has(pupilId)) users.fail(row, 'agentSourcedIds', `unknown linked pupil ${pupilId}`);
      else if (!carer.links.some((l) => l.pupilExternalId === pupilId))
        carer.links.push({
          pupilExternalId: pupilId,
          relationship: role,
          parentalResponsibility: role !== 'relative',
        });
    }
  }
  // A pupil's agents name their carers; links are usually listed on both sides, so merge rather than repeat.
  for (const { pupil, row } of pupilAgents) {
    for (const agentId of splitList(users.get(row, 'agentSourcedIds'))) {
      const carer = carersById.get(agentId);
      if (!carer)
        users.fail(row, 'agentSourcedIds', `unknown agent ${agentId} (not a parent, guardian or relative)`);
      else if (!carer.links.some((l) => l.pupilExternalId === pupil.externalId)) {
        const role = carerAgents.find((a) => a.carer === carer)?.role ?? 'parent';
        carer.links.push({
          pupilExternalId: pupil.externalId,
          relationship: role,
          parentalResponsibility: role !== 'relative',
        });
      }
    }
  }
  if (problems.length > 0) refuse(problems);
  return roster;
}

function baseName(name: string): string {
  return name.split(/[\\/]/).pop() ?? name;
}

/** The OneRoster files Guardpost reads; the rest of an export (enrollments, classes …) is never unpacked. */
const oneRosterFiles = ['users.csv', 'demographics.csv', 'orgs.csv'];

/** A zip's CSV entries worth unpacking: the OneRoster files Guardpost reads when it holds them, else every CSV. */
function rosterEntries(names: readonly string[]): string[] {
  const csvs = names.filter((n) => n.toLowerCase().endsWith('.csv') && !n.startsWith('__MACOSX/'));
  const oneRoster = csvs.filter((n) => oneRosterFiles.includes(baseName(n).toLowerCase()));
  return oneRoster.some((n) => baseName(n).toLowerCase() === 'users.csv') ? oneRoster : csvs;
}

/**
 * Reads whatever was given: one simple CSV, OneRoster files, or a zip of OneRoster files. A zip is
 * unpacked in memory within `zipLimits` (refused with `ZipTooLarge` past them); entries in a sub-folder
 * count by their file name.
 */
export function parseRosterUploads(
  uploads: readonly RosterUpload[],
  zipLimits: ZipLimits = zipLimitsFrom(undefined),
): ParsedRoster {
  if (uploads.length === 0)
    refuse([{ file: 'roster', line: 1, column: 1, message: 'no roster file was given' }]);
  const expanded: RosterUpload[] = [];
  for (const upload of uploads) {
    if (upload.name.toLowerCase().endsWith('.zip')) {
      let entries: { name: string; bytes: Uint8Array }[];
      try {
        entries = unzipWithinLimits(upload.bytes, upload.name, zipLimits, rosterEntries);
      } catch (error) {
        if (!(error instanceof ZipFormatError)) throw error;
        refuse([{ file: upload.name, line: 1, column: 1, message: error.message }]);
      }
      for (const entry of entries)
        expanded.push({ name: `${upload.name}/${entry.name}`, bytes: entry.bytes });
    } else expanded.push(upload);
  }
  const names = new Set(expanded.map((u) => baseName(u.name).toLowerCase()));
  if (names.has('users.csv')) return parseOneRoster(expanded);
  const [only, ...rest] = expanded;
  if (!only || rest.length > 0) {
    refuse([
      {
        file: uploads[0]?.name ?? 'roster',
        line: 1,
        column: 1,
        message: 'give one simple roster CSV, or OneRoster users.csv, demographics.csv and orgs.csv',
      },
    ]);
  }
  return parseSimpleRoster(only);
}
