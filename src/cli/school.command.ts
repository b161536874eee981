import type { Command } from 'commander';
import { createSchool } from '../schools/create-school.js';
import { listSchools } from '../schools/schools.queries.js';
import { cliActor, withDatabase } from './context.js';
import { printJson, printLine } from './output.js';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function registerSchoolCommands(program: Command): void {
  const school = program.command('school').description('schools served by this deployment');

  school
    .command('create')
    .description('add a school (its first policy version is the built-in seed policy)')
    .requiredOption('--name <name>', 'the school name')
    .requiredOption('--domain <domain>', 'an official email domain (repeat for several)', collect, [])
    .option('--urn <urn>', 'six-digit Unique Reference Number')
    .option('--website <url>', 'the school website')
    .option('--aup-url <url>', 'where the ICT Acceptable Use Policy is published')
    .option('--json', 'print JSON')
    .action(
      async (options: {
        name: string;
        domain: string[];
        urn?: string;
        website?: string;
        aupUrl?: string;
        json?: boolean;
      }) => {
        const created = await withDatabase(({ db }) =>
          createSchool(db, cliActor, {
            name: options.name,
            officialEmailDomains: options.domain,
            urn: options.urn,
            website: options.website,
            aupUrl: options.aupUrl,
          }),
        );
        if (options.json) printJson(created);
        else printLine(`Created ${created.name} (${created.id}).`);
      },
    );

  school
    .command('list')
    .description('list the schools')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const schools = await withDatabase(({ db }) => listSchools(db));
      if (options.json) {
        printJson(schools);
        return;
      }
      if (schools.length === 0) printLine('No schools yet: run `guardpost school create`.');
      for (const s of schools) {
        printLine(
          `${s.id}  ${s.name}${s.urn ? ` (URN ${s.urn})` : ''}${s.isDemo ? ' [demo]' : ''}  ${s.officialEmailDomains.join(', ')}`,
        );
      }
    });
}
