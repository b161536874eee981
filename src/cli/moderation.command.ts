import { type Command, Option } from 'commander';
import { CheckContextCache } from '../checks/check-context.js';
import { listModerationItems } from '../moderation/list-moderation-items.js';
import { itemStates } from '../moderation/moderation.table.js';
import { moderationConnections } from '../moderation/moderation-connections.js';
import { loadKeyring } from '../platform/crypto/keyring.js';
import { resolveSchool } from '../schools/schools.queries.js';
import { cliActor, withDatabase } from './context.js';
import { printJson, printLine } from './output.js';

/** `guardpost moderation`: the comment moderation queue from the command line (clause 2.6). */
export function registerModerationCommands(program: Command): void {
  const moderation = program.command('moderation').description('the comment moderation queue (clause 2.6)');

  moderation
    .command('list')
    .description('list queued comments, newest first (a possible disclosure’s words stay sealed)')
    .addOption(new Option('--state <state>', 'only comments in this state').choices([...itemStates]))
    .addOption(new Option('--verdict <verdict>', 'only this verdict').choices(['block', 'review']))
    .option('--clause <clause>', 'only comments with a finding under this clause')
    .option('--school <id>', 'school id')
    .option('--json', 'print JSON')
    .action(
      async (options: {
        state?: (typeof itemStates)[number];
        verdict?: 'block' | 'review';
        clause?: string;
        school?: string;
        json?: boolean;
      }) => {
        const items = await withDatabase(async ({ db, config, clock }) => {
          const school = await resolveSchool(db, options.school);
          const ctx = {
            db,
            keyring: loadKeyring(config),
            now: clock.now(),
            checkContexts: new CheckContextCache(),
            connections: moderationConnections(),
          };
          return listModerationItems(ctx, cliActor, school.id, {
            limit: 200,
            ...(options.state ? { state: options.state } : {}),
            ...(options.verdict ? { verdict: options.verdict } : {}),
            ...(options.clause ? { clause: options.clause } : {}),
          });
        });
        if (options.json) {
          printJson({ items });
          return;
        }
        if (items.length === 0) printLine('No comments in the queue.');
        for (const i of items)
          printLine(
            `${i.id}  ${i.state.padEnd(27)} ${i.verdict.padEnd(6)} ${i.clauses.join(',').padEnd(12)} ${i.disclosure ? '(possible disclosure: sealed)' : (i.text ?? '').slice(0, 60)}`,
          );
      },
    );
}
