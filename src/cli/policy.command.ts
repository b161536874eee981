import path from 'node:path';
import type { Command } from 'commander';
import { formatUkDate } from '../platform/calendar/dates.js';
import { invalid, isAppError } from '../platform/errors.js';
import { readFileWithin } from '../platform/uploads/limits.js';
import { decodeUtf8Document, MAX_POLICY_BYTES, PolicyDocumentError } from '../policy/document.js';
import { getPolicyOverview } from '../policy/get-policy-overview.js';
import { importPolicy } from '../policy/import-policy.js';
import { resolveSchool } from '../schools/schools.queries.js';
import { cliActor, withDatabase } from './context.js';
import { CliExit, ExitCode, printJson, printLine } from './output.js';

function describeReview(review: {
  status: string;
  daysOverdue: number;
  daysUntilDue: number;
  nextReviewDue: string;
}) {
  const due = formatUkDate(review.nextReviewDue);
  if (review.status === 'overdue') return `OVERDUE since ${due} (${review.daysOverdue} days)`;
  if (review.status === 'due_soon') return `due soon: ${due} (in ${review.daysUntilDue} days)`;
  return `up to date: next review ${due} (in ${review.daysUntilDue} days)`;
}

export function registerPolicyCommands(program: Command): void {
  const policy = program
    .command('policy')
    .description('the school policy: clauses, versions and review status');

  policy
    .command('status')
    .description('whether the current policy version is due for review')
    .option('--school <id>', 'school id (default: the only school, or the demo school)')
    .option('--json', 'print JSON')
    .option('--fail-if-overdue', `exit with code ${ExitCode.checkFailed} when the review is overdue`)
    .action(async (options: { school?: string; json?: boolean; failIfOverdue?: boolean }) => {
      const result = await withDatabase(async ({ db, clock }) => {
        const school = await resolveSchool(db, options.school);
        const overview = await getPolicyOverview(db, school.id, clock.today());
        if (!overview.current || !overview.review)
          throw invalid('PolicyNotFound', `${school.name} has no current policy`);
        return { school, current: overview.current, review: overview.review, today: clock.today() };
      });
      const { school, current, review, today } = result;
      if (options.json) {
        printJson({
          school: { id: school.id, name: school.name },
          version: current.label,
          title: current.title,
          today,
          status: review.status,
          nextReviewDue: review.nextReviewDue,
          daysUntilDue: review.daysUntilDue,
          daysOverdue: review.daysOverdue,
          lastReviewed: current.reviews.at(-1)?.on ?? null,
        });
      } else {
        printLine(`${school.name}: ${current.title} (version ${current.label})`);
        const last = current.reviews.at(-1);
        if (last)
          printLine(`Last ${last.kind === 'written' ? 'written' : 'reviewed'}: ${formatUkDate(last.on)}`);
        printLine(`Review: ${describeReview(review)}`);
      }
      if (options.failIfOverdue && review.status === 'overdue') throw new CliExit(ExitCode.checkFailed);
    });

  policy
    .command('show')
    .description('the clause registry and the policy versions with their review history')
    .option('--school <id>', 'school id')
    .option('--text', 'also print the current document text')
    .option('--json', 'print JSON')
    .action(async (options: { school?: string; json?: boolean; text?: boolean }) => {
      const { school, overview } = await withDatabase(async ({ db, clock }) => {
        const school = await resolveSchool(db, options.school);
        return { school, overview: await getPolicyOverview(db, school.id, clock.today()) };
      });
      if (options.json) {
        printJson({ school: { id: school.id, name: school.name }, ...overview });
        return;
      }
      printLine(`${school.name}: clauses`);
      for (const clause of overview.clauses) {
        printLine(`  ${clause.id.padEnd(8)} ${clause.title} [${clause.enforcement.join(', ')}]`);
        printLine(`           ${clause.summary}`);
      }
      printLine();
      printLine('Versions');
      for (const version of overview.versions) {
        const history = version.reviews.map((r) => `${r.kind} ${formatUkDate(r.on)}`).join('; ');
        printLine(
          `  ${version.isCurrent ? '*' : ' '} ${version.label}  ${version.title}  next review ${formatUkDate(version.nextReviewDue)}  (${history})`,
        );
      }
      if (overview.review) printLine(`\nReview: ${describeReview(overview.review)}`);
      if (options.text && overview.current) printLine(`\n${overview.current.documentText}`);
    });

  policy
    .command('import')
    .description("load the school's own policy document (text or Markdown) as the new current version")
    .argument('<file>', 'a .txt or .md file, UTF-8')
    .option('--school <id>', 'school id')
    .option('--format <format>', 'text or markdown (default: from the file extension)')
    .option('--label <label>', 'version label (default: the effective date)')
    .option('--effective <date>', 'date the version takes effect, YYYY-MM-DD (default: today)')
    .option(
      '--next-review <date>',
      'date the next review is due, YYYY-MM-DD (default: a year after it takes effect)',
    )
    .option('--json', 'print JSON')
    .action(
      async (
        file: string,
        options: {
          school?: string;
          format?: string;
          label?: string;
          effective?: string;
          nextReview?: string;
          json?: boolean;
        },
      ) => {
        const format = options.format ?? (/\.(md|markdown)$/i.test(file) ? 'markdown' : 'text');
        if (format !== 'text' && format !== 'markdown') {
          throw invalid('InvalidFormat', `--format must be text or markdown, not ${format}`);
        }
        let bytes: Buffer;
        try {
          bytes = await readFileWithin(file, MAX_POLICY_BYTES, 'PolicyDocumentTooLarge');
        } catch (error) {
          if (isAppError(error)) throw error;
          const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
          throw invalid('FileUnreadable', `${file}: cannot read the file (${reason})`);
        }
        let text: string;
        try {
          text = decodeUtf8Document(bytes);
        } catch (error) {
          if (error instanceof PolicyDocumentError) {
            const name = path.basename(file);
            throw invalid(
              'InvalidPolicyDocument',
              `${file}: the policy document cannot be read`,
              error.problems.map((p) => `${name}:${p.line}:${p.column}: ${p.message}`),
            );
          }
          throw error;
        }
        const version = await withDatabase(async ({ db, clock }) => {
          const school = await resolveSchool(db, options.school);
          return importPolicy(
            db,
            cliActor,
            {
              schoolId: school.id,
              text,
              format,
              label: options.label,
              effectiveFrom: options.effective,
              nextReviewDue: options.nextReview,
            },
            clock.today(),
          );
        });
        if (options.json) {
          printJson(version);
        } else {
          printLine(
            `Imported ${version.title} as version ${version.label} (${version.sections.length} sections).`,
          );
          printLine(`Next review due ${formatUkDate(version.nextReviewDue)}.`);
        }
      },
    );
}
