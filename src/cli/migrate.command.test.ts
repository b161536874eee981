import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../platform/db/migrations/index.js';
import { createEmptyTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import { ExitCode } from './output.js';
import { runCliCaptured } from './test-cli.js';

const all = Object.keys(migrations);

describe.each(testEngines())('guardpost migrate --dry-run on %s', (engine) => {
  let dataDir: string;
  let empty: TestDb | undefined;
  let env: Record<string, string | undefined>;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'guardpost-migrate-'));
    if (engine === 'postgres') empty = await createEmptyTestDb('postgres');
    env = { GUARDPOST_DATA_DIR: dataDir, DATABASE_URL: empty?.databaseUrl, GUARDPOST_SEED_DEMO: 'false' };
  });
  afterAll(async () => {
    await empty?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists every pending migration by name, applies none, and says up to date after a real migrate', async () => {
    const dry = await runCliCaptured(['migrate', '--dry-run', '--json'], env);
    expect(dry.code).toBe(ExitCode.ok);
    expect(JSON.parse(dry.stdout)).toEqual({ dryRun: true, applied: 0, pending: all });

    const text = await runCliCaptured(['migrate', '--dry-run'], env);
    expect(text.code).toBe(ExitCode.ok);
    expect(text.stdout).toContain(`Would apply ${all.length} migration(s), in this order:`);
    for (const name of all) expect(text.stdout).toContain(`  ${name}\n`);

    // Still nothing applied: the dry runs only read.
    expect(
      JSON.parse((await runCliCaptured(['migrate', '--dry-run', '--json'], env)).stdout).pending,
    ).toEqual(all);

    const real = await runCliCaptured(['migrate', '--json'], env);
    expect(real.code).toBe(ExitCode.ok);
    expect(JSON.parse(real.stdout)).toMatchObject({ applied: all, pending: [] });

    const after = await runCliCaptured(['migrate', '--dry-run'], env);
    expect(after.code).toBe(ExitCode.ok);
    expect(after.stdout.trim()).toBe(`Up to date (${all.length} migrations); nothing would be applied.`);
  }, 120_000);
});
