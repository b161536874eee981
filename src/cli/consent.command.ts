import type { Command } from 'commander';
import { MAX_CONSENT_FILE_BYTES } from '../consent/consent-csv.js';
import { importConsents } from '../consent/import-consents.js';
import { invalid, isAppError } from '../platform/errors.js';
import { readFileWithin } from '../platform/uploads/limits.js';
import { resolveSchool } from '../schools/schools.queries.js';
import { cliActor, withDatabase } from './context.js';
import { printJson, printLine } from './output.js';

export function registerConsentCommands(program: Command): void {
  const consent = program.command('consent').description('written parental consents for photos (clause 2.4)');

  consent
    .command('import')
    .description(
      'import consents from the MIS: pupil_external_id,purpose,state,date,evidence_reference[,carer_external_id]',
    )
    .argument('<file>', 'the CSV file (UTF-8)')
    .option('--school <id>', 'the school (default: the only or the demo school)')
    .option('--dry-run', 'check the file and show what would be recorded; write nothing')
    .option('--json', 'print JSON')
    .action(async (target: string, options: { school?: string; dryRun?: boolean; json?: boolean }) => {
      let bytes: Uint8Array;
      try {
        bytes = await readFileWithin(target, MAX_CONSENT_FILE_BYTES, 'ConsentFileTooLarge');
      } catch (error) {
        if (isAppError(error)) throw error;
        throw invalid('ConsentFileNotFound', `${target}: no such file`);
      }
      await withDatabase(async ({ db, clock, consent }) => {
        const school = await resolveSchool(db, options.school);
        const result = await importConsents(
          db,
          cliActor,
          {
            schoolId: school.id,
            file: { name: target, bytes },
            dryRun: options.dryRun ?? false,
            today: clock.today(),
          },
          clock.now(),
          consent,
        );
        if (options.json) {
          printJson(result);
          return;
        }
        const c = result.counts;
        printLine(
          `${school.name}: ${c.rows ?? 0} rows, ${c.recorded ?? 0} to record (${c.granted ?? 0} granted, ` +
            `${c.refused ?? 0} refused, ${c.withdrawn ?? 0} withdrawn), ${c.unchanged ?? 0} already on record`,
        );
        printLine(result.dryRun ? 'Dry run: nothing was written.' : `Imported (import ${result.importId}).`);
      });
    });
}
