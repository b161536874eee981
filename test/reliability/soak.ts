import { type KillRunResult, killDuringReports } from './kill-during-reports.js';

/**
 * `npm run soak`: the slow part of the reliability suite, kept out of `npm test` because it starts real
 * server processes and kills them (on a 2-core machine about a minute on PGlite, half a minute on PostgreSQL). Runs on PGlite, and
 * on PostgreSQL when DATABASE_URL is set; prints one line of figures per engine and exits 1 on any loss.
 */
function problems(result: KillRunResult): string[] {
  const found: string[] = [];
  if (result.lost.length > 0)
    found.push(`lost ${result.lost.length} acknowledged reports: ${result.lost.join(', ')}`);
  if (result.duplicated.length > 0) found.push(`stored twice: ${result.duplicated.join(', ')}`);
  if (!result.auditChain.ok) found.push('the audit chain does not verify');
  if (result.acknowledged === 0) found.push('no report was acknowledged before the kill');
  if (result.acknowledged >= result.sent)
    found.push('every report was acknowledged: the kill came too late to test anything');
  if (result.storedAfterRestart < result.acknowledged) found.push('fewer reports stored than acknowledged');
  return found;
}

const engines = process.env.DATABASE_URL ? (['pglite', 'postgres'] as const) : (['pglite'] as const);
let failed = false;
for (const engine of engines) {
  const result = await killDuringReports({ engine, reports: 200 });
  const found = problems(result);
  console.info(
    `kill -9 on ${engine}: ${result.sent} concurrent reports, ${result.acknowledged} acknowledged before the kill ` +
      `(${result.secondsToKill.toFixed(1)} s), ${result.failedInFlight} cut off, ${result.storedAfterRestart} stored after restart, ` +
      `lost ${result.lost.length}, twice ${result.duplicated.length}, audit chain ${result.auditChain.ok ? 'intact' : 'BROKEN'} ` +
      `(${result.auditChain.rows ?? '?'} rows); ${result.seconds.toFixed(1)} s`,
  );
  for (const problem of found) console.error(`  FAIL ${problem}`);
  failed ||= found.length > 0;
}
process.exit(failed ? 1 : 0);
