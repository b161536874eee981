#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { startWorkerProcess, stopOnSignals } from '../app/startup.js';
import { systemClock } from '../platform/clock.js';
import { loadConfig } from '../platform/config.js';
import { createDb, dbOptionsFromConfig } from '../platform/db/create-db.js';
import { migrateToLatest, migrationStatus } from '../platform/db/migrate.js';
import { createLogger } from '../platform/logger.js';
import { resolveSchool } from '../schools/schools.queries.js';
import { startServer } from '../server/server.js';
import { registerAccountsCommands } from './accounts.command.js';
import { registerAuditCommands } from './audit.command.js';
import { registerBackupCommands } from './backup.command.js';
import { registerCheckCommand } from './check.command.js';
import { registerConsentCommands } from './consent.command.js';
import { withDatabase } from './context.js';
import { registerKeysCommands } from './keys.command.js';
import { registerListsCommands } from './lists.command.js';
import { registerModerationCommands } from './moderation.command.js';
import { ExitCode, printJson, printLine, reportError } from './output.js';
import { registerPolicyCommands } from './policy.command.js';
import { registerRosterCommands } from './roster.command.js';
import { registerSarCommands } from './sar.command.js';
import { registerSchoolCommands } from './school.command.js';
import { registerTrustCommands } from './trust.command.js';

export function buildProgram(): Command {
  const program = new Command('guardpost')
    .description("Guardpost: a school's staff social media policy as checks and workflows")
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  program
    .command('start')
    .description('migrate the database, seed the demo school on first run, serve the app and run the jobs')
    .action(async () => {
      const config = loadConfig();
      const logger = createLogger(config.logLevel);
      const server = await startServer(config, logger);
      stopOnSignals(server, logger);
      printLine(`Guardpost is running at ${server.url}`);
      if (server.generatedDemoPassword) {
        printLine(
          `Demo accounts (staff@, manager@, smt@, dsl@, deputy.dsl@, head@, admin@, governor@, trust@take1studios.example) use the password ${server.generatedDemoPassword}`,
        );
        printLine('It is shown only now; set GUARDPOST_DEMO_PASSWORD to choose one.');
      }
    });

  program
    .command('worker')
    .description('migrate the database and run the jobs and schedules only, without HTTP')
    .action(async () => {
      const config = loadConfig();
      const logger = createLogger(config.logLevel);
      const worker = await startWorkerProcess(config, logger);
      stopOnSignals(worker, logger);
      printLine(`Guardpost worker ${worker.worker.id} is running the jobs (stop it with SIGTERM)`);
    });

  program
    .command('migrate')
    .description('apply pending database migrations')
    .option('--dry-run', 'list the pending migrations by name and apply none')
    .option('--json', 'print JSON')
    .action(async (options: { dryRun?: boolean; json?: boolean }) => {
      const config = loadConfig();
      const db = createDb(dbOptionsFromConfig(config));
      try {
        if (options.dryRun) {
          const status = await migrationStatus(db);
          if (options.json)
            printJson({ dryRun: true, applied: status.applied.length, pending: status.pending });
          else if (status.pending.length === 0)
            printLine(`Up to date (${status.applied.length} migrations); nothing would be applied.`);
          else {
            printLine(`Would apply ${status.pending.length} migration(s), in this order:`);
            for (const name of status.pending) printLine(`  ${name}`);
          }
          return;
        }
        const applied = await migrateToLatest(db);
        const status = await migrationStatus(db);
        if (options.json) printJson({ applied, total: status.applied.length, pending: status.pending });
        else
          printLine(
            applied.length
              ? `Applied: ${applied.join(', ')}`
              : `Up to date (${status.applied.length} migrations).`,
          );
      } finally {
        await db.destroy();
      }
    });

  registerAccountsCommands(program);
  registerAuditCommands(program);
  registerModerationCommands(program);
  registerBackupCommands(program);
  registerPolicyCommands(program);
  registerCheckCommand(program, {
    // Without --roster/--lists the check uses the school in the database: its roster, settings and lists.
    loadSchoolContext: () =>
      withDatabase(async ({ db, clock, checkContexts }) => {
        const school = await resolveSchool(db);
        return checkContexts.load(db, school.id, clock.today());
      }),
    today: () => systemClock.today(),
  });
  registerKeysCommands(program);
  registerListsCommands(program);
  registerSchoolCommands(program);
  registerTrustCommands(program);
  registerConsentCommands(program);
  registerRosterCommands(program);
  registerSarCommands(program);
  return program;
}

/** Runs the CLI and returns the exit code, so tests can call it in-process. */
export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  const json = argv.includes('--json');
  // Some commands (check) report a verdict through process.exitCode; read it and leave it as it was.
  const previousExitCode = process.exitCode;
  process.exitCode = undefined;
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are successful exits; everything else commander refuses is a usage error.
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      ) {
        return ExitCode.ok;
      }
      return ExitCode.usage;
    }
    return reportError(error, json);
  } finally {
    process.exitCode = previousExitCode;
  }
}

const isEntryPoint =
  process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isEntryPoint || process.env.GUARDPOST_CLI_ENTRY === '1') {
  const code = await runCli(process.argv.slice(2));
  // `start` and `worker` keep running: only exit for commands that finished.
  const keepsRunning = process.argv[2] === 'start' || process.argv[2] === 'worker';
  if (code !== ExitCode.ok || !keepsRunning) process.exitCode = code;
  if (code !== ExitCode.ok && keepsRunning) process.exit(code);
}
