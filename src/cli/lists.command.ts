import type { Command } from 'commander';
import { importBlockLists } from '../checks/check-settings.service.js';
import { defaultBlockCategories } from '../checks/links/block-lists.js';
import { resolveSchool } from '../schools/schools.service.js';
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
}
