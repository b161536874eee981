import { type Command, Option } from 'commander';
import { accountStatuses } from '../accounts/account-inputs.js';
import type { AccountStatus } from '../accounts/accounts.table.js';
import { listRegister } from '../accounts/list-register.js';
import {
  type AupCheckView,
  recheckApprovedAccounts,
  verifyAccountAup,
} from '../accounts/verify-account-aup.js';
import { resolveSchool } from '../schools/schools.queries.js';
import { cliActor, withDatabase } from './context.js';
import { CliExit, ExitCode, printJson, printLine } from './output.js';

/** `guardpost accounts`: the sanctioned accounts register from the command line (policy section 2). */
export function registerAccountsCommands(program: Command): void {
  const accounts = program
    .command('accounts')
    .description('the sanctioned accounts register (policy section 2)');

  accounts
    .command('list')
    .description('list the register, newest first')
    .addOption(
      new Option('--status <status>', 'only accounts with this status').choices([...accountStatuses]),
    )
    .option('--school <id>', 'school id')
    .option('--json', 'print JSON')
    .action(async (options: { status?: AccountStatus; school?: string; json?: boolean }) => {
      const items = await withDatabase(async ({ db }) => {
        const school = await resolveSchool(db, options.school);
        return listRegister(db, cliActor, school.id, options.status ? { status: options.status } : {});
      });
      if (options.json) {
        printJson({ items });
        return;
      }
      if (items.length === 0) printLine('No accounts on the register.');
      for (const a of items) {
        const expiry = a.approvalExpiresOn ? `  approved until ${a.approvalExpiresOn}` : '';
        printLine(
          `${a.id}  ${a.status.padEnd(17)} ${a.platformName.padEnd(12)} ${a.handle ?? a.profileUrl ?? ''}  AUP: ${a.aup.status ?? 'not checked'}${expiry}`,
        );
      }
    });

  accounts
    .command('verify')
    .description(
      'check the AUP link on an account’s profile page now (clause 2.8); exits 3 when a link is not found',
    )
    .argument('[id]', 'the account id')
    .option('--all', 'every approved account')
    .option('--school <id>', 'school id')
    .option('--json', 'print JSON')
    .action(async (id: string | undefined, options: { all?: boolean; school?: string; json?: boolean }) => {
      if (Boolean(id) === Boolean(options.all)) {
        process.stderr.write('guardpost: give an account id or --all, not both and not neither\n');
        throw new CliExit(ExitCode.usage);
      }
      const results: AupCheckView[] = await withDatabase(async ({ db, clock, fetchPolicy }) => {
        const school = await resolveSchool(db, options.school);
        const checkOptions = { policy: fetchPolicy, clock, trigger: 'cli' as const };
        if (id) return [await verifyAccountAup(db, cliActor, school.id, id, checkOptions)];
        return recheckApprovedAccounts(db, cliActor, { ...checkOptions, schoolId: school.id });
      });
      if (options.json) printJson({ results });
      else {
        if (results.length === 0) printLine('No approved accounts to check.');
        for (const r of results) printLine(`${r.accountId}  ${r.result.padEnd(15)} ${r.reason}`);
      }
      if (results.some((r) => r.result === 'not_found')) throw new CliExit(ExitCode.checkFailed);
    });
}
