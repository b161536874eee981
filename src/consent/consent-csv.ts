import {
  type Cell,
  checkIsoDate,
  decodeUtf8,
  formatProblem,
  type RosterProblem,
  readCsvTable,
} from '../people/roster-csv.js';
import {
  type ConsentDecision,
  type ConsentPurpose,
  consentDecisions,
  consentPurposes,
} from './consent.table.js';

/** Tens of thousands of rows fit comfortably; anything bigger is not a consent export. */
export const MAX_CONSENT_FILE_BYTES = 10 * 1024 * 1024;

/**
 * The MIS consent export, pure: `pupil_external_id,purpose,state,date,evidence_reference[,carer_external_id]`.
 * Every problem is collected with its `file:line:column`; the service refuses the whole file on any.
 */

export const consentCsvColumns = [
  'pupil_external_id',
  'purpose',
  'state',
  'date',
  'evidence_reference',
] as const;

export interface ParsedConsentRow {
  pupilExternalId: string;
  purpose: ConsentPurpose;
  state: ConsentDecision;
  givenOn: string;
  evidenceReference: string;
  carerExternalId: string | null;
  /** Where each value sits in the file, for problems found later (unknown pupil, carer). */
  cells: { pupil: Cell; carer: Cell | undefined };
}

export interface ParsedConsentFile {
  rows: ParsedConsentRow[];
  problems: RosterProblem[];
}

const purposeAliases: Record<string, ConsentPurpose> = {
  social_media: 'social_media',
  'social media': 'social_media',
  website: 'website',
  press: 'press',
};

export function parseConsentCsv(file: { name: string; bytes: Uint8Array }, today: string): ParsedConsentFile {
  const problems: RosterProblem[] = [];
  const text = decodeUtf8(file.bytes, file.name, problems);
  if (text === undefined) return { rows: [], problems };
  const table = readCsvTable(text, file.name, consentCsvColumns, problems);
  if (!table) return { rows: [], problems };
  const hasCarer = table.has('carer_external_id');
  const rows: ParsedConsentRow[] = [];
  const seen = new Map<string, number>();
  if (table.rows.length === 0)
    problems.push({ file: file.name, line: 2, column: 1, message: 'no consent rows' });
  for (const row of table.rows) {
    let ok = true;
    const fail = (column: string, message: string) => {
      table.fail(row, column, message);
      ok = false;
    };
    const pupilExternalId = table.get(row, 'pupil_external_id');
    if (pupilExternalId === '') fail('pupil_external_id', 'pupil_external_id is empty');
    const purposeText = table.get(row, 'purpose').toLowerCase();
    const purpose = purposeAliases[purposeText];
    if (!purpose)
      fail('purpose', `purpose must be one of ${consentPurposes.join(', ')} (got "${purposeText}")`);
    const stateText = table.get(row, 'state').toLowerCase();
    const state = (consentDecisions as readonly string[]).includes(stateText)
      ? (stateText as ConsentDecision)
      : undefined;
    if (!state) fail('state', `state must be one of ${consentDecisions.join(', ')} (got "${stateText}")`);
    const givenOn = table.get(row, 'date');
    const dateCheck = checkIsoDate(givenOn);
    if (dateCheck === 'format') fail('date', 'date must be YYYY-MM-DD');
    else if (dateCheck === 'impossible') fail('date', `${givenOn} is not a real date`);
    else if (givenOn > today) fail('date', `${givenOn} is in the future`);
    const evidenceReference = table.get(row, 'evidence_reference');
    if (evidenceReference === '')
      fail('evidence_reference', 'evidence_reference is empty: consent must be given in writing');
    else if (evidenceReference.length > 200)
      fail('evidence_reference', 'evidence_reference is over 200 characters');
    const carerExternalId = hasCarer ? table.get(row, 'carer_external_id') : '';
    if (purpose && pupilExternalId !== '') {
      const key = `${pupilExternalId}|${purpose}|${givenOn}`;
      const earlier = seen.get(key);
      if (earlier !== undefined)
        fail(
          'pupil_external_id',
          `a second decision for ${pupilExternalId} (${purpose}) on the same day as line ${earlier}`,
        );
      else seen.set(key, table.cell(row, 'pupil_external_id').line);
    }
    if (!ok || !purpose || !state) continue;
    rows.push({
      pupilExternalId,
      purpose,
      state,
      givenOn,
      evidenceReference,
      carerExternalId: carerExternalId === '' ? null : carerExternalId,
      cells: {
        pupil: table.cell(row, 'pupil_external_id'),
        carer: hasCarer ? table.cell(row, 'carer_external_id') : undefined,
      },
    });
  }
  return { rows, problems };
}

export { formatProblem };
