import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { invalid } from '../platform/errors.js';
import { exportSubjectAccessRequest } from '../sar/export-subject-access-request.js';
import { getSubjectAccessRequest } from '../sar/get-subject-access-request.js';
import { openSubjectAccessRequest } from '../sar/open-subject-access-request.js';
import { reviewSubjectAccessRequest } from '../sar/review-subject-access-request.js';
import { resolveSchool } from '../schools/schools.queries.js';
import { cliActor, withDatabase } from './context.js';
import { printJson, printLine } from './output.js';

/** `--withhold ITEM=REASON`, repeatable. */
function collectWithheld(value: string, previous: { itemId: string; reason: string }[]) {
  const at = value.indexOf('=');
  if (at <= 0) throw invalid('SarWithholdInvalid', `--withhold takes ITEM=REASON, got "${value}"`);
  return [...previous, { itemId: value.slice(0, at), reason: value.slice(at + 1) }];
}

export function registerSarCommands(program: Command): void {
  const sar = program
    .command('sar')
    .description(
      'subject access requests: open, review (the safeguarding step), export a zip of JSON and PDF',
    );

  sar
    .command('open')
    .description('open a request for one person: exactly one of --pupil, --carer, --staff')
    .option('--pupil <id>')
    .option('--carer <id>')
    .option('--staff <id>')
    .option('--received <date>', 'the day the request was received (YYYY-MM-DD; today when absent)')
    .option('--school <id>', 'the school (the only school or the demo school when absent)')
    .option('--json', 'print JSON')
    .action(
      async (options: {
        pupil?: string;
        carer?: string;
        staff?: string;
        received?: string;
        school?: string;
        json?: boolean;
      }) => {
        const given = (['pupil', 'carer', 'staff'] as const).filter((k) => options[k] !== undefined);
        if (given.length !== 1)
          throw invalid('SarSubjectRequired', 'name exactly one of --pupil, --carer or --staff');
        const kind = given[0] as 'pupil' | 'carer' | 'staff';
        const view = await withDatabase(async ({ db, keyring, clock }) => {
          const school = await resolveSchool(db, options.school);
          return openSubjectAccessRequest({ db, keyring, clock }, cliActor, {
            schoolId: school.id,
            subjectKind: kind,
            subjectId: options[kind] ?? '',
            ...(options.received ? { receivedOn: options.received } : {}),
          });
        });
        if (options.json) printJson(view);
        else
          printLine(
            `Opened request ${view.id} for ${view.subject?.name ?? view.subjectId}; due by ${view.dueOn}. Next: guardpost sar show ${view.id}`,
          );
      },
    );

  sar
    .command('show')
    .argument('<id>')
    .description(
      'the request and every item it would release, marked [safeguarding] where the review must look',
    )
    .option('--school <id>')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { school?: string; json?: boolean }) => {
      const view = await withDatabase(async ({ db, keyring, clock }) => {
        const school = await resolveSchool(db, options.school);
        return getSubjectAccessRequest({ db, keyring, clock }, cliActor, {
          schoolId: school.id,
          id,
        });
      });
      if (options.json) printJson(view);
      else {
        printLine(
          `Request ${view.id}: ${view.subject?.name ?? view.subjectId} (${view.subjectKind}), ${view.status}, due by ${view.dueOn}`,
        );
        for (const item of view.items ?? [])
          printLine(
            `  ${item.safeguarding ? '[safeguarding] ' : ''}${item.id}  ${item.section}: ${item.title}`,
          );
      }
    });

  sar
    .command('review')
    .argument('<id>')
    .description(
      'record the safeguarding review (as the operator, on behalf of the DSL): what is withheld and why',
    )
    .option(
      '--withhold <item=reason>',
      'withhold one item, with the reason (repeatable)',
      collectWithheld,
      [],
    )
    .option('--note <text>', 'a note on the review')
    .option('--school <id>')
    .option('--json', 'print JSON')
    .action(
      async (
        id: string,
        options: {
          withhold: { itemId: string; reason: string }[];
          note?: string;
          school?: string;
          json?: boolean;
        },
      ) => {
        const view = await withDatabase(async ({ db, keyring, clock }) => {
          const school = await resolveSchool(db, options.school);
          return reviewSubjectAccessRequest({ db, keyring, clock }, cliActor, {
            schoolId: school.id,
            id,
            withheld: options.withhold,
            note: options.note ?? null,
          });
        });
        if (options.json) printJson({ ...view, items: undefined });
        else
          printLine(
            `Reviewed: ${view.withheld.length} item(s) withheld. Next: guardpost sar export ${view.id} FILE.zip`,
          );
      },
    );

  sar
    .command('export')
    .argument('<id>')
    .argument('<file>', 'where to write the zip')
    .description('release the export after the review: a zip of personal-data.json and personal-data.pdf')
    .option('--school <id>')
    .option('--json', 'print JSON')
    .action(async (id: string, file: string, options: { school?: string; json?: boolean }) => {
      const { zip } = await withDatabase(async ({ db, keyring, clock }) => {
        const school = await resolveSchool(db, options.school);
        return exportSubjectAccessRequest({ db, keyring, clock }, cliActor, {
          schoolId: school.id,
          id,
        });
      });
      await writeFile(file, zip, { mode: 0o600 });
      if (options.json) printJson({ file, bytes: zip.length });
      else printLine(`Wrote ${file} (${zip.length} bytes).`);
    });
}
