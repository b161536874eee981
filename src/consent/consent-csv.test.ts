import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { formatProblem, parseConsentCsv } from './consent-csv.js';

const today = '2026-11-24';
const file = (text: string) => ({ name: 'consents.csv', bytes: strToU8(text) });

describe('parseConsentCsv', () => {
  it('reads rows, with the optional carer column', () => {
    const parsed = parseConsentCsv(
      file(
        'pupil_external_id,purpose,state,date,evidence_reference,carer_external_id\n' +
          'P1,social_media,granted,2026-09-08,FORM-1,C1\n' +
          'P2,Website,REFUSED,2026-09-09,FORM-2,\n',
      ),
      today,
    );
    expect(parsed.problems).toEqual([]);
    expect(
      parsed.rows.map((r) => [r.pupilExternalId, r.purpose, r.state, r.givenOn, r.carerExternalId]),
    ).toEqual([
      ['P1', 'social_media', 'granted', '2026-09-08', 'C1'],
      ['P2', 'website', 'refused', '2026-09-09', null],
    ]);
    expect(parsed.rows[0]?.cells.carer).toMatchObject({ line: 2, column: 43 });
  });

  it('lists every bad cell with file:line:column', () => {
    const parsed = parseConsentCsv(
      file(
        'pupil_external_id,purpose,state,date,evidence_reference\n' +
          'P1,instagram,granted,2026-09-08,FORM-1\n' +
          ',press,maybe,2026-02-30,\n' +
          'P3,press,granted,2027-01-01,FORM-3\n' +
          'P4,press,granted,08/09/2026,FORM-4\n',
      ),
      today,
    );
    expect(parsed.rows).toEqual([]);
    expect(parsed.problems.map(formatProblem)).toEqual([
      'consents.csv:2:4: purpose must be one of social_media, website, press (got "instagram")',
      'consents.csv:3:1: pupil_external_id is empty',
      'consents.csv:3:8: state must be one of granted, refused, withdrawn (got "maybe")',
      'consents.csv:3:14: 2026-02-30 is not a real date',
      'consents.csv:3:25: evidence_reference is empty: consent must be given in writing',
      'consents.csv:4:18: 2027-01-01 is in the future',
      'consents.csv:5:18: date must be YYYY-MM-DD',
    ]);
  });

  it('refuses missing columns, an empty file, duplicates and non-UTF-8 bytes', () => {
    expect(
      parseConsentCsv(file('pupil_external_id,purpose,state\n'), today).problems.map(formatProblem),
    ).toEqual([
      'consents.csv:1:1: missing column date',
      'consents.csv:1:1: missing column evidence_reference',
    ]);
    expect(parseConsentCsv(file(''), today).problems.map(formatProblem)).toEqual([
      'consents.csv:1:1: the file is empty',
    ]);
    const dup = parseConsentCsv(
      file(
        'pupil_external_id,purpose,state,date,evidence_reference\n' +
          'P1,press,granted,2026-09-08,F1\nP1,press,refused,2026-09-08,F2\n',
      ),
      today,
    );
    expect(dup.problems.map(formatProblem)).toEqual([
      'consents.csv:3:1: a second decision for P1 (press) on the same day as line 2',
    ]);
    const latin1 = new Uint8Array([
      ...strToU8('pupil_external_id,purpose,state,date,evidence_reference\nP1,press,granted,2026-09-08,F'),
      0xe9,
    ]);
    expect(
      parseConsentCsv({ name: 'consents.csv', bytes: latin1 }, today).problems.map(formatProblem),
    ).toEqual(['consents.csv:2:30: byte 0xe9 is not UTF-8 (save the file as UTF-8)']);
  });

  it('refuses evidence holding a NUL character with its file, line and column', () => {
    const parsed = parseConsentCsv(
      file(
        'pupil_external_id,purpose,state,date,evidence_reference\nP1,press,granted,2026-09-08,FORM\u00001\n',
      ),
      today,
    );
    expect(parsed.problems.map(formatProblem)).toEqual([
      'consents.csv:2:33: a NUL character (U+0000) cannot be stored (save the file as UTF-8 text, not UTF-16)',
    ]);
  });
});
