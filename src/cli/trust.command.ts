import type { Command } from 'commander';
import { addTrustSchool } from '../trusts/add-trust-school.js';
import { createTrust } from '../trusts/create-trust.js';
import { grantTrustRoles } from '../trusts/grant-trust-roles.js';
import { revokeTrustRole } from '../trusts/revoke-trust-role.js';
import { listTrusts } from '../trusts/trusts.queries.js';
import { cliActor, withDatabase } from './context.js';
import { printJson, printLine } from './output.js';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** The trust's id, given its id or its exact name. */
function trustIdOf(trusts: { id: string; name: string }[], given: string): string {
  return trusts.find((t) => t.id === given || t.name === given)?.id ?? given;
}

export function registerTrustCommands(program: Command): void {
  const trust = program.command('trust').description('trusts: groups of schools, compared side by side');

  trust
    .command('create <name>')
    .description('add a trust (then add its schools with `guardpost trust add-school`)')
    .option('--json', 'print JSON')
    .action(async (name: string, options: { json?: boolean }) => {
      const created = await withDatabase(({ db }) => createTrust(db, cliActor, { name }));
      if (options.json) printJson(created);
      else printLine(`Created trust ${created.name} (${created.id}).`);
    });

  trust
    .command('add-school <trust> <school>')
    .description('put a school (its id) in a trust (its id or name); a school is in one trust at most')
    .option('--json', 'print JSON')
    .action(async (trustGiven: string, schoolId: string, options: { json?: boolean }) => {
      const added = await withDatabase(async ({ db }) =>
        addTrustSchool(db, cliActor, { trustId: trustIdOf(await listTrusts(db), trustGiven), schoolId }),
      );
      if (options.json) printJson(added);
      else printLine(`Added ${added.schoolName} to the trust.`);
    });

  trust
    .command('grant <trust> <email>')
    .description('give a person roles in a trust: trust_admin, trust_safeguarding_lead, trust_executive')
    .requiredOption('--role <role>', 'a trust role (repeat for several)', collect, [])
    .option('--given-name <name>', "the person's given name, when they are new")
    .option('--family-name <name>', "the person's family name, when they are new")
    .option('--json', 'print JSON')
    .action(
      async (
        trustGiven: string,
        email: string,
        options: { role: string[]; givenName?: string; familyName?: string; json?: boolean },
      ) => {
        const granted = await withDatabase(async ({ db }) =>
          grantTrustRoles(db, cliActor, {
            trustId: trustIdOf(await listTrusts(db), trustGiven),
            email,
            roles: options.role,
            ...(options.givenName ? { givenName: options.givenName } : {}),
            ...(options.familyName ? { familyName: options.familyName } : {}),
          }),
        );
        if (options.json) printJson(granted);
        else
          printLine(
            `${email} now holds ${granted.roles.join(', ')} in the trust (a second factor is required).`,
          );
      },
    );

  trust
    .command('revoke <trust> <email>')
    .description('take one trust role from a person (with none left, they leave the trust)')
    .requiredOption('--role <role>', 'the trust role to take')
    .option('--json', 'print JSON')
    .action(async (trustGiven: string, email: string, options: { role: string; json?: boolean }) => {
      const revoked = await withDatabase(async ({ db }) =>
        revokeTrustRole(db, cliActor, {
          trustId: trustIdOf(await listTrusts(db), trustGiven),
          email,
          role: options.role,
        }),
      );
      if (options.json) printJson(revoked);
      else
        printLine(
          revoked.roles.length > 0
            ? `${email} now holds ${revoked.roles.join(', ')} in the trust.`
            : `${email} holds no role in the trust any more.`,
        );
    });

  trust
    .command('list')
    .description('list the trusts and how many schools each has')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const trusts = await withDatabase(({ db }) => listTrusts(db));
      if (options.json) {
        printJson(trusts);
        return;
      }
      if (trusts.length === 0) printLine('No trusts yet: run `guardpost trust create NAME`.');
      for (const t of trusts) printLine(`${t.id}  ${t.name}  (${t.schoolIds.length} schools)`);
    });
}
