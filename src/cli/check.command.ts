import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { defaultBlockCategories, loadBlockLists } from '../checks/block-lists.js';
import { checkSubject } from '../checks/check-subject.js';
import { buildRosterIndex, emptyRosterIndex } from '../checks/engine/roster-index.js';
import { ruleById } from '../checks/engine/rules/registry.js';
import type {
  CheckContext,
  CheckResult,
  Finding,
  PupilConsent,
  Subject,
  SubjectKind,
} from '../checks/engine/types.js';
import { MAX_IMAGE_BYTES } from '../checks/images/image-limits.js';
import { invalid, isAppError } from '../platform/errors.js';
import { DEFAULT_MAX_UNZIPPED_MB, readFileWithin } from '../platform/uploads/limits.js';
import { cite } from '../policy/clauses.js';
import { parseRosterFile } from './roster-file.js';

const MAX_SUBJECT_FILE_BYTES = 1024 * 1024;

export interface CheckCommandDeps {
  /** The signed-in school's context from the database; used when no --roster/--lists is given. */
  loadSchoolContext?: () => Promise<CheckContext>;
  stdin?: NodeJS.ReadableStream;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  /** ISO date; defaults to the real date (the engine itself has no clock). */
  today?: () => string;
}

interface CheckOptions {
  file?: string;
  json?: boolean;
  jsonl?: boolean;
  roster?: string;
  lists?: string;
  categories?: string;
  kind?: string;
}

const kinds: readonly SubjectKind[] = ['post', 'comment', 'profile', 'reply'];

/**
 * Exit codes, in line with the rest of the CLI (1 refused, 2 usage): 0 pass, 3 needs review, 4 blocked. A
 * batch (--jsonl) exits 0 once every line has its answer.
 */
export const checkExitCodes = { pass: 0, error: 1, review: 3, block: 4 } as const;

/** Builds a context from a roster file and block-list folder: stateless checks with no database. */
export async function buildStatelessContext(options: {
  roster?: string;
  lists?: string;
  categories?: readonly string[];
  today: string;
}): Promise<CheckContext> {
  let roster = emptyRosterIndex();
  let consents: ReadonlyMap<string, PupilConsent> = new Map();
  if (options.roster) {
    // The same ceiling as a roster import's unpacked files: the whole roster is held in memory.
    const bytes = await readFileWithin(
      options.roster,
      DEFAULT_MAX_UNZIPPED_MB * 1024 * 1024,
      'RosterFileTooLarge',
    );
    const parsed = parseRosterFile(bytes.toString('utf8'), options.roster);
    roster = buildRosterIndex(parsed.roster, options.today);
    consents = parsed.consents;
  }
  const settings: CheckContext['settings'] = {};
  if (options.lists) {
    const lists = await loadBlockLists(options.lists, options.categories);
    settings.blockedDomains = lists.domains;
    settings.blockedUrls = lists.urls;
    settings.shortenerDomains = lists.shorteners;
  }
  return { roster, consents, settings, today: options.today };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringArray(value: unknown, field: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
    throw invalid('SubjectInvalid', `${field} must be an array of strings`);
  return value as string[];
}

/** Narrows untrusted JSON into a subject; image paths are read relative to `baseDir`. */
export async function subjectFromJson(
  value: unknown,
  baseDir: string,
  defaultKind: SubjectKind = 'post',
): Promise<Subject> {
  if (!isRecord(value)) throw invalid('SubjectInvalid', 'the subject must be a JSON object');
  const kind = value.kind ?? defaultKind;
  if (typeof kind !== 'string' || !kinds.includes(kind as SubjectKind))
    throw invalid('SubjectInvalid', `kind must be one of ${kinds.join(', ')}`);
  if (value.text !== undefined && typeof value.text !== 'string')
    throw invalid('SubjectInvalid', 'text must be a string');
  const imagePaths = stringArray(value.images, 'images');
  const tagged = stringArray(value.taggedPupils, 'taggedPupils');
  if (value.text === undefined && imagePaths === undefined)
    throw invalid('SubjectInvalid', 'the subject needs text or images');
  const subject: Subject = { kind: kind as SubjectKind };
  if (typeof value.text === 'string') subject.text = value.text;
  if (imagePaths) {
    subject.images = [];
    for (const p of imagePaths) {
      try {
        subject.images.push(
          new Uint8Array(await readFileWithin(path.resolve(baseDir, p), MAX_IMAGE_BYTES, 'ImageTooLarge')),
        );
      } catch (error) {
        if (isAppError(error)) throw error;
        throw invalid('ImageNotReadable', `cannot read image ${p}`);
      }
    }
  }
  if (tagged) subject.taggedPupils = tagged;
  if (value.noIdentifiablePupils !== undefined) {
    if (typeof value.noIdentifiablePupils !== 'boolean')
      throw invalid('SubjectInvalid', 'noIdentifiablePupils must be true or false');
    subject.noIdentifiablePupils = value.noIdentifiablePupils;
  }
  return subject;
}

const marks: Record<Finding['severity'], string> = { block: 'BLOCK ', review: 'REVIEW', advice: 'ADVICE' };

/** Findings for people: each with its clause, the line of text with the span underlined, and the fix. */
export function formatFindings(result: CheckResult, text: string | undefined): string {
  const lines: string[] = [
    `verdict: ${result.verdict}${result.findings.length === 0 ? ' (nothing found)' : ''}`,
  ];
  for (const f of result.findings) {
    lines.push('', `${marks[f.severity]} ${f.rule} — ${cite(f.clause)}`, `  ${f.message}`);
    if (text !== undefined && f.start !== undefined && f.end !== undefined) {
      const lineStart = text.lastIndexOf('\n', f.start - 1) + 1;
      const nextBreak = text.indexOf('\n', f.start);
      const lineEnd = nextBreak < 0 ? text.length : nextBreak;
      const shown = text.slice(lineStart, lineEnd);
      const from = f.start - lineStart;
      const to = Math.min(f.end, lineEnd) - lineStart;
      lines.push(`  | ${shown}`, `  | ${' '.repeat(from)}${'^'.repeat(Math.max(1, to - from))}`);
    } else if (f.imageIndex !== undefined) {
      lines.push(`  (photo ${f.imageIndex + 1})`);
    }
    lines.push(`  fix: ${f.suggestion ?? ruleById(f.rule).fix}`);
  }
  return `${lines.join('\n')}\n`;
}

function compactFinding(f: Finding) {
  return {
    rule: f.rule,
    clause: f.clause,
    severity: f.severity,
    start: f.start,
    end: f.end,
    message: f.message,
  };
}

async function runBatch(
  context: CheckContext,
  deps: CheckCommandDeps,
  out: NodeJS.WritableStream,
): Promise<void> {
  const input = createInterface({ input: deps.stdin ?? process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNo = 0;
  for await (const line of input) {
    lineNo += 1;
    if (line.trim() === '') continue;
    let id: unknown = lineNo;
    try {
      const value: unknown = JSON.parse(line);
      if (isRecord(value) && value.id !== undefined) id = value.id;
      const subject = await subjectFromJson(value, process.cwd(), 'comment');
      const result = await checkSubject(subject, context);
      out.write(
        `${JSON.stringify({ id, verdict: result.verdict, findings: result.findings.map(compactFinding) })}\n`,
      );
    } catch (error) {
      // One bad line must not stop a batch of thousands.
      const message = isAppError(error)
        ? `${error.code}: ${error.message}`
        : error instanceof SyntaxError
          ? `not JSON: ${error.message}`
          : 'internal error';
      out.write(`${JSON.stringify({ id, error: message })}\n`);
    }
  }
}

/** Runs `guardpost check` with parsed options; returns the exit code. */
export async function runCheck(
  text: string | undefined,
  options: CheckOptions,
  deps: CheckCommandDeps = {},
): Promise<number> {
  const out = deps.stdout ?? process.stdout;
  const err = deps.stderr ?? process.stderr;
  const today = deps.today?.() ?? new Date().toISOString().slice(0, 10);
  try {
    const stateless =
      options.roster !== undefined || options.lists !== undefined || deps.loadSchoolContext === undefined;
    const categories = options.categories
      ?.split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    const context = stateless
      ? await buildStatelessContext({
          ...(options.roster ? { roster: options.roster } : {}),
          ...(options.lists ? { lists: options.lists } : {}),
          ...(categories ? { categories } : {}),
          today,
        })
      : await (deps.loadSchoolContext as () => Promise<CheckContext>)();
    if (options.jsonl) {
      await runBatch(context, deps, out);
      return checkExitCodes.pass;
    }
    let subject: Subject;
    if (options.file) {
      // As much as the HTTP API takes in one JSON body.
      const raw = (await readFileWithin(options.file, MAX_SUBJECT_FILE_BYTES, 'SubjectTooLarge')).toString(
        'utf8',
      );
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        throw invalid('SubjectInvalid', `${options.file} is not valid JSON`);
      }
      subject = await subjectFromJson(value, path.dirname(options.file));
    } else if (text !== undefined) {
      const kind = (options.kind ?? 'post') as SubjectKind;
      if (!kinds.includes(kind)) throw invalid('SubjectInvalid', `--kind must be one of ${kinds.join(', ')}`);
      subject = { kind, text };
    } else {
      throw invalid(
        'SubjectMissing',
        'give the text to check, --file subject.json, or --jsonl with lines on stdin',
      );
    }
    const result = await checkSubject(subject, context);
    out.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatFindings(result, subject.text));
    return result.verdict === 'block'
      ? checkExitCodes.block
      : result.verdict === 'review'
        ? checkExitCodes.review
        : checkExitCodes.pass;
  } catch (error) {
    if (isAppError(error)) {
      err.write(`${error.code}: ${error.message}\n`);
      for (const d of error.details.slice(1)) err.write(`${d}\n`);
    } else {
      err.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    return checkExitCodes.error;
  }
}

/** Registers `guardpost check [text]` on a commander program. */
export function registerCheckCommand(program: Command, deps: CheckCommandDeps = {}): Command {
  return program
    .command('check')
    .description(
      'Check a post, comment or profile text against the policy (names, personal data, language, links, photos)',
    )
    .argument('[text]', 'the text to check')
    .option(
      '--file <subject.json>',
      'a subject as JSON: {"kind","text","images":[paths],"taggedPupils":[ids],"noIdentifiablePupils"}',
    )
    .option('--json', 'print the result as JSON')
    .option('--jsonl', 'batch: read JSON lines from stdin, write one result line per input')
    .option('--roster <file>', 'stateless: the simple roster CSV (with an optional consent column)')
    .option('--lists <dir>', 'stateless: block lists in UT1 folder format')
    .option('--categories <list>', `block-list categories (default ${defaultBlockCategories.join(',')})`)
    .option('--kind <kind>', 'subject kind for a text argument: post, comment, profile or reply', 'post')
    .action(async (text: string | undefined, options: CheckOptions) => {
      process.exitCode = await runCheck(text, options, deps);
    });
}
