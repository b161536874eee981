import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { importRoster } from '../people/import-roster.js';
import type { DiffEntry, RosterDiff } from '../people/roster-diff.js';
import type { RosterUpload } from '../people/roster-parse.js';
import { invalid } from '../platform/errors.js';
import { fileTooLarge, readFileWithin } from '../platform/uploads/limits.js';
import { type ZipLimits, zipLimitsFrom } from '../platform/uploads/zip.js';
import { resolveSchool } from '../schools/schools.queries.js';
import { cliActor, withDatabase } from './context.js';
import { printJson, printLine } from './output.js';

/**
 * A folder gives its CSV files (OneRoster); a file is read as it is (simple CSV or a zip). Files on disk are
 * held to the same ceiling as what a zip may unpack to, checked from their sizes before any is read.
 */
async function readRosterPath(target: string, limits: ZipLimits): Promise<RosterUpload[]> {
  const max = limits.maxUnpackedBytes;
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(target);
  } catch {
    throw invalid('RosterPathNotFound', `${target}: no such file or folder`);
  }
  if (!info.isDirectory())
    return [{ name: target, bytes: await readFileWithin(target, max, 'RosterFileTooLarge') }];
  const names = (await readdir(target)).filter((n) => n.toLowerCase().endsWith('.csv')).sort();
  if (names.length === 0) throw invalid('RosterPathEmpty', `${target}: the folder holds no .csv files`);
  const files = names.map((n) => path.join(target, n));
  const sizes = await Promise.all(files.map(async (f) => (await stat(f)).size));
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total > max)
    throw fileTooLarge('RosterFileTooLarge', `${target} (its .csv files together)`, total, max);
  const uploads: RosterUpload[] = [];
  for (const file of files)
    uploads.push({ name: file, bytes: await readFileWithin(file, max, 'RosterFileTooLarge') });
  return uploads;
}

/** A one-line progress bar on stderr, redrawn in place; only on a terminal. */
export function progressBar(stream: NodeJS.WriteStream): (done: number, total: number) => void {
  if (!stream.isTTY) return () => {};
  const width = 30;
  return (done, total) => {
    const filled = total === 0 ? width : Math.round((done / total) * width);
    stream.write(`\rWriting  [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
    if (done >= total) stream.write('\n');
  };
}

const shown = 20;

function printEntries(sign: string, entries: readonly DiffEntry[], suffix = ''): void {
  for (const e of entries.slice(0, shown)) {
    const changes = e.changes ? ` (${e.changes.join(', ')})` : '';
    printLine(`  ${sign} ${e.externalId}  ${e.name}${changes}${suffix}`);
  }
  if (entries.length > shown) printLine(`  … and ${entries.length - shown} more`);
}

function printDiff(diff: RosterDiff): void {
  const p = diff.pupils;
  printLine(
    `Pupils: ${p.added.length} added, ${p.updated.length} updated, ${p.leavers.length} leaving, ${p.unchanged} unchanged`,
  );
  printEntries('+', p.added);
  printEntries('~', p.updated);
  printEntries('-', p.leavers, ' (marked as left)');
  const c = diff.carers;
  printLine(`Carers: ${c.added.length} added, ${c.updated.length} updated, ${c.unchanged} unchanged`);
  printEntries('+', c.added);
  printEntries('~', c.updated);
  const s = diff.staff;
  printLine(
    `Staff: ${s.added.length} added, ${s.updated.length} updated, ${s.leavers.length} leaving, ${s.unchanged} unchanged`,
  );
  printEntries('+', s.added);
  printEntries('~', s.updated);
  printEntries('-', s.leavers, ' (marked as left; their handover opens)');
  const l = diff.links;
  printLine(`Carer links: ${l.added} added, ${l.updated} updated, ${l.ended} ended`);
}

export function registerRosterCommands(program: Command): void {
  const roster = program.command('roster').description("the school's pupils, carers and staff from its MIS");

  roster
    .command('import')
    .description(
      'import a simple roster CSV, a OneRoster 1.1 folder or a OneRoster zip; shows the diff first',
    )
    .argument('<path>', 'a .csv file, a .zip, or a folder with users.csv, demographics.csv and orgs.csv')
    .option('--school <id>', 'the school (default: the only or the demo school)')
    .option('--dry-run', 'show what would change and write nothing')
    .option(
      '--full',
      'the file lists everyone on roll: pupils, and staff from an earlier roster, missing from it are marked as left',
    )
    .option(
      '--confirm-staff-leavers',
      'a full import may mark more than a tenth of the staff as left (refused without this)',
    )
    .option('--json', 'print JSON (no progress bar)')
    .action(
      async (
        target: string,
        options: {
          school?: string;
          dryRun?: boolean;
          full?: boolean;
          confirmStaffLeavers?: boolean;
          json?: boolean;
        },
      ) => {
        await withDatabase(async ({ db, clock, config, people }) => {
          const zipLimits = zipLimitsFrom(config.maxUnzippedBytes);
          const files = await readRosterPath(target, zipLimits);
          const school = await resolveSchool(db, options.school);
          const common = {
            schoolId: school.id,
            files,
            zipLimits,
            full: options.full ?? false,
            confirmStaffLeavers: options.confirmStaffLeavers ?? false,
            today: clock.today(),
          };
          // Always work out the diff first, so a person at a terminal sees it before anything is written.
          const preview = await importRoster(db, cliActor, { ...common, dryRun: true }, people);
          if (!options.json) {
            printLine(
              `${school.name}: ${preview.format === 'oneroster' ? 'OneRoster' : 'simple CSV'} roster`,
            );
            printDiff(preview.diff);
          }
          if (options.dryRun) {
            if (options.json) printJson(preview);
            else printLine('Dry run: nothing was written.');
            return;
          }
          const written = await importRoster(
            db,
            cliActor,
            {
              ...common,
              dryRun: false,
              ...(options.json ? {} : { onProgress: progressBar(process.stderr) }),
            },
            people,
          );
          if (options.json) printJson(written);
          else printLine(`Imported (import ${written.importId}).`);
        });
      },
    );
}
