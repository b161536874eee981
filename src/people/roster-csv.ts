/**
 * The CSV reading shared by every roster format: UTF-8 decoding that names the line and column of a bad
 * byte, and a tokenizer that keeps each cell's line and column for `file:line:column` errors. (csv-parse
 * reports a record's line but not where each field starts, which the error format needs.)
 */

export interface Cell {
  value: string;
  /** 1-based. */
  line: number;
  /** 1-based, in characters. */
  column: number;
}

export type CsvRow = Cell[];

/** One roster problem: where it is and what is wrong. */
export interface RosterProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

export function formatProblem(problem: RosterProblem): string {
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.message}`;
}

/** Length of the UTF-8 sequence starting at `i`, or 0 when the bytes there are not valid UTF-8. */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i] as number;
  if (b0 < 0x80) return 1;
  const cont = (k: number): boolean => {
    const b = bytes[i + k];
    return b !== undefined && (b & 0xc0) === 0x80;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const b1 = bytes[i + 1] ?? 0;
    if (b0 === 0xe0 && b1 < 0xa0) return 0;
    if (b0 === 0xed && b1 >= 0xa0) return 0;
    return cont(1) && cont(2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const b1 = bytes[i + 1] ?? 0;
    if (b0 === 0xf0 && b1 < 0x90) return 0;
    if (b0 === 0xf4 && b1 >= 0x90) return 0;
    return cont(1) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/**
 * Decodes UTF-8 (a byte-order mark is allowed and dropped). Text in another encoding (Windows-1252 from an
 * old MIS export, say) is refused with the line and column of each line's first bad byte, so the school
 * knows the file must be saved as UTF-8 rather than seeing mangled names.
 */
export function decodeUtf8(bytes: Uint8Array, file: string, problems: RosterProblem[]): string | undefined {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return refuseNul(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, file, problems);
  } catch {
    let line = 1;
    let column = 1;
    let reportedLine = 0;
    for (let i = 0; i < bytes.length; ) {
      const length = utf8SequenceLength(bytes, i);
      if (length === 0) {
        if (reportedLine !== line) {
          problems.push({
            file,
            line,
            column,
            message: `byte 0x${(bytes[i] as number).toString(16).padStart(2, '0')} is not UTF-8 (save the file as UTF-8)`,
          });
          reportedLine = line;
        }
        i += 1;
        column += 1;
        continue;
      }
      if (bytes[i] === 0x0a) {
        line += 1;
        column = 1;
      } else if (bytes[i] !== 0x0d) column += length === 4 ? 2 : 1;
      i += length;
    }
    return undefined;
  }
}

/**
 * NUL is valid UTF-8 but cannot be stored (the database refuses it), so a file holding one is refused with
 * the place of the first NUL on each line rather than failing at the database. A file full of them is
 * most likely UTF-16, which the message hints at.
 */
function refuseNul(text: string, file: string, problems: RosterProblem[]): string | undefined {
  if (!text.includes('\u0000')) return text;
  const lines = text.split('\n');
  lines.forEach((content, i) => {
    const at = content.indexOf('\u0000');
    if (at < 0) return;
    problems.push({
      file,
      line: i + 1,
      column: at + 1,
      message: 'a NUL character (U+0000) cannot be stored (save the file as UTF-8 text, not UTF-16)',
    });
  });
  return undefined;
}

/** Splits CSV text into rows of cells with their line and column, honouring quotes; skips blank lines. */
export function tokenizeCsv(text: string, file: string, problems: RosterProblem[]): CsvRow[] {
  const rows: CsvRow[] = [];
  let row: CsvRow = [];
  let value = '';
  let line = 1;
  let column = 1;
  let cellLine = 1;
  let cellColumn = 1;
  let quoted = false;
  const endCell = () => {
    row.push({ value, line: cellLine, column: cellColumn });
    value = '';
  };
  for (let i = 0; i < text.length; i += 1) {
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
  if (quoted)
    problems.push({ file, line: cellLine, column: cellColumn, message: 'unterminated quoted field' });
  if (value !== '' || row.length > 0) {
    endCell();
    rows.push(row);
  }
  return rows;
}

/** A CSV file read against its header: cells by column name, with a position for missing cells. */
export class CsvTable {
  readonly rows: readonly CsvRow[];
  private readonly position: Map<string, number>;

  constructor(
    readonly file: string,
    header: CsvRow,
    rows: readonly CsvRow[],
    private readonly problems: RosterProblem[],
  ) {
    this.rows = rows;
    this.position = new Map(header.map((c, i) => [c.value.trim().toLowerCase(), i]));
  }

  has(column: string): boolean {
    return this.position.has(column.toLowerCase());
  }

  cell(row: CsvRow, column: string): Cell {
    const at = this.position.get(column.toLowerCase());
    const found = at === undefined ? undefined : row[at];
    if (found) return found;
    // A short row: point just past its last cell, where the missing value would have been.
    const last = row[row.length - 1];
    return { value: '', line: last?.line ?? 0, column: (last?.column ?? 0) + (last?.value.length ?? 0) + 1 };
  }

  get(row: CsvRow, column: string): string {
    return this.cell(row, column).value.trim();
  }

  fail(row: CsvRow, column: string, message: string): void {
    const c = this.cell(row, column);
    this.problems.push({ file: this.file, line: c.line, column: c.column, message });
  }
}

/** Tokenizes a file and checks its header has every required column (each missing one is a problem). */
export function readCsvTable(
  text: string,
  file: string,
  required: readonly string[],
  problems: RosterProblem[],
): CsvTable | undefined {
  const rows = tokenizeCsv(text, file, problems);
  const header = rows[0];
  if (!header) {
    problems.push({ file, line: 1, column: 1, message: 'the file is empty' });
    return undefined;
  }
  const table = new CsvTable(file, header, rows.slice(1), problems);
  let missing = false;
  for (const column of required) {
    if (!table.has(column)) {
      problems.push({ file, line: 1, column: 1, message: `missing column ${column}` });
      missing = true;
    }
  }
  return missing ? undefined : table;
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** 'ok', 'format' (not YYYY-MM-DD) or 'impossible' (such as 2013-02-30). */
export function checkIsoDate(value: string): 'ok' | 'format' | 'impossible' {
  if (!isoDate.test(value)) return 'format';
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value ? 'ok' : 'impossible';
}
