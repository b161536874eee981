import { createHash } from 'node:crypto';
import type { PolicySection } from './policy.table.js';

/** The largest policy document we accept: real policies are a few pages; more is a wrong file. */
export const MAX_POLICY_BYTES = 512 * 1024;

export interface ParsedPolicyDocument {
  title: string;
  format: 'text' | 'markdown';
  sections: PolicySection[];
}

export interface DocumentProblem {
  line: number;
  column: number;
  message: string;
}

export class PolicyDocumentError extends Error {
  constructor(readonly problems: DocumentProblem[]) {
    super(problems.map((p) => `${p.line}:${p.column}: ${p.message}`).join('\n'));
    this.name = 'PolicyDocumentError';
  }
}

export function hashDocument(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Decodes uploaded bytes as UTF-8, refusing anything else with the line and column of the first bad byte
 * (a Word file or a Latin-1 export would otherwise import as mojibake).
 */
export function decodeUtf8Document(bytes: Uint8Array): string {
  if (bytes.byteLength > MAX_POLICY_BYTES) {
    throw new PolicyDocumentError([
      {
        line: 1,
        column: 1,
        message: `the file is ${bytes.byteLength} bytes; the limit is ${MAX_POLICY_BYTES}`,
      },
    ]);
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad) {
    throw new PolicyDocumentError([
      { ...bad, message: 'the file is not UTF-8 text (save it as UTF-8 and retry)' },
    ]);
  }
  const text = new TextDecoder('utf-8').decode(bytes);
  // NUL is valid UTF-8 but the database cannot store it: say where, instead of failing at the insert.
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    const before = text.slice(0, nul).split('\n');
    throw new PolicyDocumentError([
      {
        line: before.length,
        column: (before[before.length - 1]?.length ?? 0) + 1,
        message: 'the file holds a NUL character (U+0000), which cannot be stored (save it as UTF-8 text)',
      },
    ]);
  }
  return text;
}

/** Line and column (in characters) of the first byte that breaks UTF-8, or undefined when all is well. */
export function firstInvalidUtf8(bytes: Uint8Array): { line: number; column: number } | undefined {
  let line = 1;
  let column = 1;
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    const length =
      lead < 0x80
        ? 1
        : lead >= 0xc2 && lead < 0xe0
          ? 2
          : lead >= 0xe0 && lead < 0xf0
            ? 3
            : lead >= 0xf0 && lead < 0xf5
              ? 4
              : 0;
    if (length === 0 || i + length > bytes.length) return { line, column };
    for (let k = 1; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return { line, column };
    if (lead === 0x0a) {
      line++;
      column = 1;
    } else {
      column++;
    }
    i += length;
  }
  return undefined;
}

/** Index of the first C0 control character other than tab, or -1: such bytes mean a binary or corrupt file. */
function findControlCharacter(line: string): number {
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (code < 0x20 && code !== 0x09) return i;
  }
  return -1;
}

const numberedHeading = /^(?:#{1,6}\s*)?(\d{1,2})[.)]?\s+(\S.*)$/;
const subClause = /^(?:#{1,6}\s*)?(\d{1,2})\.(\d{1,2})[.)]?\s+(\S.*)$/;
const markdownHeading = /^(#{1,6})\s+(\S.*)$/;
const bullet = /^\s*(?:[-*•□■▪◦]|\d{1,2}[.)])\s+(\S.*)$/;

function slug(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'section'
  );
}

function looksLikePlainHeading(line: string, next: string | undefined): boolean {
  // A short line with no closing full stop, followed by a blank line or body text, as in most Word exports.
  const trimmed = line.trim();
  return (
    trimmed.length > 0 &&
    trimmed.length <= 60 &&
    !/[.:;,]$/.test(trimmed) &&
    !bullet.test(line) &&
    /^[A-Z]/.test(trimmed) &&
    (next === undefined || next.trim() === '' || !bullet.test(next))
  );
}

/**
 * Splits a policy document (plain text or Markdown) into sections with clause ids in the document's own
 * numbering: a numbered heading `1. Personal use` opens section 1 and its bullets become 1.1, 1.2, …;
 * explicit `2.3 …` lines keep their number; unnumbered headings get a slug id.
 */
export function parsePolicyDocument(text: string, format: 'text' | 'markdown'): ParsedPolicyDocument {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const problems: DocumentProblem[] = [];
  lines.forEach((line, index) => {
    const column = findControlCharacter(line);
    if (column >= 0)
      problems.push({ line: index + 1, column: column + 1, message: 'control character in text' });
  });
  if (lines.every((l) => l.trim() === ''))
    problems.push({ line: 1, column: 1, message: 'the document is empty' });
  if (problems.length > 0) throw new PolicyDocumentError(problems);

  const sections: PolicySection[] = [];
  let title = '';
  let current: PolicySection | undefined;
  let sectionNumber: number | undefined;
  let bulletCount = 0;
  const usedIds = new Set<string>();

  const open = (id: string, sectionTitle: string): PolicySection => {
    let unique = id;
    for (let n = 2; usedIds.has(unique); n++) unique = `${id}-${n}`;
    usedIds.add(unique);
    const section: PolicySection = { id: unique, title: sectionTitle, text: '' };
    sections.push(section);
    return section;
  };
  const append = (section: PolicySection | undefined, line: string) => {
    if (!section) return;
    section.text = section.text ? `${section.text}\n${line}` : line;
  };

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const line = raw.trim();
    if (line === '') continue;
    if (!title) {
      title = line.replace(/^#+\s*/, '');
      continue;
    }
    const sub = subClause.exec(line);
    if (sub) {
      sectionNumber = Number(sub[1]);
      current = open(`${sub[1]}.${Number(sub[2])}`, sub[3]!.slice(0, 80));
      append(current, sub[3]!);
      continue;
    }
    const numbered = numberedHeading.exec(line);
    if (
      numbered &&
      (format === 'markdown' ? markdownHeading.test(line) || line.length <= 80 : line.length <= 80)
    ) {
      sectionNumber = Number(numbered[1]);
      bulletCount = 0;
      current = open(String(sectionNumber), numbered[2]!);
      continue;
    }
    const item = bullet.exec(raw);
    if (item && sectionNumber !== undefined) {
      bulletCount++;
      current = open(`${sectionNumber}.${bulletCount}`, item[1]!.slice(0, 80));
      append(current, item[1]!);
      continue;
    }
    const heading = markdownHeading.exec(line);
    if (heading || (format === 'text' && looksLikePlainHeading(line, lines[i + 1]) && !item)) {
      const headingText = heading ? heading[2]! : line;
      sectionNumber = undefined;
      current = open(slug(headingText), headingText);
      continue;
    }
    if (!current) current = open('preamble', 'Preamble');
    append(current, item ? item[1]! : line);
  }
  return { title: title || 'Policy', format, sections };
}
