import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { auditCheckpointDirOf } from '../platform/audit/audit.jobs.js';
import { type ChainVerdict, verifyAuditChain } from '../platform/audit/audit.js';
import {
  type CheckpointProblem,
  parseCheckpoints,
  verifyAgainstCheckpoints,
  writeAuditCheckpoints,
} from '../platform/audit/checkpoint.js';
import { invalid, notFound } from '../platform/errors.js';
import { createLogger } from '../platform/logger.js';
import { withDatabase } from './context.js';
import { CliExit, ExitCode, printJson, printLine } from './output.js';

interface ChainReport {
  /** The school's id, or null for the deployment-wide chain. */
  schoolId: string | null;
  name: string;
  verdict: ChainVerdict;
}

interface CheckpointReport {
  file: string;
  checked: number;
  /** Lines of the file that are not checkpoints: the file is evidence, so they count as problems. */
  badLines: number[];
  problems: CheckpointProblem[];
}

async function readCheckpointFile(file: string) {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw notFound('CheckpointFileNotFound', `cannot read the checkpoint file ${file}`);
  }
  const parsed = parseCheckpoints(text);
  if (parsed.checkpoints.length === 0 && parsed.badLines.length === 0)
    throw invalid('CheckpointFileEmpty', `the checkpoint file ${file} holds no checkpoint`);
  return parsed;
}

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the hash-chained audit log');

  audit
    .command('verify')
    .description(
      "re-compute the audit chains: one school's, or every school's and the deployment's; exit 1 names the first broken row",
    )
    .option('--school <id>', 'only this school')
    .option(
      '--checkpoint <file>',
      'also check the chains against signed checkpoints (the audit-checkpoints.jsonl file, or a log holding audit checkpoint lines)',
    )
    .option('--json', 'print JSON')
    .action(async (options: { school?: string; checkpoint?: string; json?: boolean }) => {
      const file = options.checkpoint ? await readCheckpointFile(options.checkpoint) : undefined;
      const { reports, checkpoints } = await withDatabase(async ({ db, keyring }) => {
        const schools = await db
          .selectFrom('schools')
          .select(['id', 'name'])
          .$if(options.school !== undefined, (q) => q.where('id', '=', options.school ?? ''))
          .orderBy('name')
          .execute()
          .catch(() => []);
        if (options.school !== undefined && schools.length === 0)
          throw notFound('SchoolNotFound', `no school with id ${options.school}`);
        const chains: { schoolId: string | null; name: string }[] = schools.map((s) => ({
          schoolId: s.id,
          name: s.name,
        }));
        if (options.school === undefined) chains.push({ schoolId: null, name: 'deployment' });
        const result: ChainReport[] = [];
        for (const chain of chains)
          result.push({ ...chain, verdict: await verifyAuditChain(db, chain.schoolId) });
        let checked: CheckpointReport | undefined;
        if (file && options.checkpoint) {
          const outcome = await verifyAgainstCheckpoints(db, keyring, file.checkpoints, {
            schoolId: options.school,
          });
          checked = { file: options.checkpoint, badLines: file.badLines, ...outcome };
        }
        return { reports: result, checkpoints: checked };
      });
      const broken = reports.filter((r) => !r.verdict.ok);
      const checkpointFailed =
        checkpoints !== undefined && (checkpoints.problems.length > 0 || checkpoints.badLines.length > 0);
      if (options.json) {
        printJson({
          ok: broken.length === 0 && !checkpointFailed,
          chains: reports,
          ...(checkpoints ? { checkpoints } : {}),
        });
      } else {
        const names = new Map(reports.map((r) => [r.schoolId, r.name]));
        const labelOf = (schoolId: string | null) =>
          schoolId ? `${names.get(schoolId) ?? 'school'} (${schoolId})` : 'deployment';
        for (const { schoolId, verdict } of reports) {
          printLine(
            verdict.ok
              ? `ok      ${labelOf(schoolId)}: ${verdict.rows} rows intact`
              : `BROKEN  ${labelOf(schoolId)}: row id ${verdict.firstBrokenId}, seq ${verdict.firstBrokenSeq}: ${verdict.reason}`,
          );
        }
        if (checkpoints) {
          for (const line of checkpoints.badLines)
            printLine(`BROKEN  ${checkpoints.file}:${line}: not a signed checkpoint`);
          for (const problem of checkpoints.problems)
            printLine(`BROKEN  ${labelOf(problem.schoolId)}: ${problem.message} [${problem.code}]`);
          if (!checkpointFailed)
            printLine(`ok      ${checkpoints.checked} checkpoints from ${checkpoints.file} hold`);
        } else {
          printLine(
            'note    without --checkpoint only whether the rows agree with each other is checked: rows cut from the end, a deleted chain or a rewrite with recomputed hashes need the signed checkpoints to show',
          );
        }
      }
      if (broken.length > 0 || checkpointFailed) throw new CliExit(ExitCode.failed);
    });

  audit
    .command('checkpoint')
    .description(
      "sign every chain's head now and append it to the checkpoint file (as the hourly job does), e.g. before a backup",
    )
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const written = await withDatabase(async ({ db, config, clock, keyring }) =>
        writeAuditCheckpoints(db, {
          keyring,
          dir: auditCheckpointDirOf(config),
          logger: createLogger('silent'),
          now: clock.now(),
        }),
      );
      if (options.json) printJson(written);
      else {
        for (const c of written.checkpoints)
          printLine(
            `signed  ${c.schoolId ?? 'deployment'}: ${c.rows} rows, head ${c.headHash.slice(0, 16)}…`,
          );
        printLine(`appended to ${written.file}`);
      }
    });
}
