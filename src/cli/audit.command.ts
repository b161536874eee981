import type { Command } from 'commander';
import { type ChainVerdict, verifyAuditChain } from '../platform/audit/audit.js';
import { notFound } from '../platform/errors.js';
import { withDatabase } from './context.js';
import { CliExit, ExitCode, printJson, printLine } from './output.js';

interface ChainReport {
  /** The school's id, or null for the deployment-wide chain. */
  schoolId: string | null;
  name: string;
  verdict: ChainVerdict;
}

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the hash-chained audit log');

  audit
    .command('verify')
    .description(
      "re-compute the audit chains: one school's, or every school's and the deployment's; exit 1 names the first broken row",
    )
    .option('--school <id>', 'only this school')
    .option('--json', 'print JSON')
    .action(async (options: { school?: string; json?: boolean }) => {
      const reports = await withDatabase(async ({ db }) => {
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
        return result;
      });
      const broken = reports.filter((r) => !r.verdict.ok);
      if (options.json) {
        printJson({ ok: broken.length === 0, chains: reports });
      } else {
        for (const { name, schoolId, verdict } of reports) {
          const label = schoolId ? `${name} (${schoolId})` : name;
          printLine(
            verdict.ok
              ? `ok      ${label}: ${verdict.rows} rows intact`
              : `BROKEN  ${label}: row id ${verdict.firstBrokenId}, seq ${verdict.firstBrokenSeq}: ${verdict.reason}`,
          );
        }
      }
      if (broken.length > 0) throw new CliExit(ExitCode.failed);
    });
}
