import type { Command } from 'commander';
import { defaultBlockCategories } from '../checks/block-lists.js';
import { importBlockLists } from '../checks/import-block-lists.js';
import { updateBlockLists } from '../checks/update-block-lists.js';
import { ConfigError } from '../platform/config.js';
import { resolveSchool } from '../schools/schools.queries.js';
import { cliActor, withDatabase } from './context.js';
import { printJson, printLine } from './output.js';

export function registerListsCommands(program: Command): void {
  const lists = program.command('lists').description('block lists for the link checks (policy clause 2.5)');

  lists
    .command('import')
    .description(
      'load block lists in the UT1 folder format (<category>/domains, <category>/urls) for a school',
    )
    .argument('<dir>', 'the folder holding one sub-folder per category')
    .option('--school <id>', 'school id')
    .option(
      '--categories <list>',
      `comma-separated categories (default: ${defaultBlockCategories.join(',')})`,
    )
    .option('--json', 'print JSON')
    .action(async (dir: string, options: { school?: string; categories?: string; json?: boolean }) => {
      const categories = options.categories
        ?.split(',')
        .map((c) => c.trim())
        .filter(Boolean);
      const counts = await withDatabase(async ({ db, clock }) => {
        const school = await resolveSchool(db, options.school);
        return importBlockLists(db, cliActor, { schoolId: school.id, dir, categories }, clock);
      });
      if (options.json) {
        printJson({ categories: counts });
        return;
      }
      for (const [category, count] of Object.entries(counts)) {
        printLine(`${category.padEnd(12)} ${count.domains} domains, ${count.urls} URLs`);
      }
    });

  lists
    .command('update')
    .description(
      'download the UT1 block lists (GUARDPOST_BLOCKLISTS_URL; set by default in production) and load the school’s categories',
    )
    .option('--url <address>', 'download from this address instead (a UT1-format .tar.gz)')
    .option('--school <id>', 'school id')
    .option('--json', 'print JSON')
    .action(async (options: { url?: string; school?: string; json?: boolean }) => {
      const { counts, missing } = await withDatabase(async ({ db, clock, config }) => {
        const url = options.url ?? config.blockListsUrl;
        if (!url)
          throw new ConfigError(
            'no block list address: set GUARDPOST_BLOCKLISTS_URL (it is set by default in production) or pass --url',
          );
        const school = await resolveSchool(db, options.school);
        return updateBlockLists(db, cliActor, { schoolId: school.id, url }, clock);
      });
      if (options.json) {
        printJson({ categories: counts, missing });
        return;
      }
      for (const [category, count] of Object.entries(counts)) {
        printLine(`${category.padEnd(12)} ${count.domains} domains, ${count.urls} URLs`);
      }
      for (const category of missing) printLine(`${category.padEnd(12)} not in the download: not loaded`);
    });
}
