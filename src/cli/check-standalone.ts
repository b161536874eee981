import { Command } from 'commander';
import { registerCheckCommand } from './check.command.js';

// `guardpost check` without the rest of the CLI or a database: stateless checks from a roster file.
const program = new Command('guardpost');
registerCheckCommand(program);
await program.parseAsync(process.argv);
