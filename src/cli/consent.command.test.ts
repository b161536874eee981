import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsentFamily } from '../consent/testing.js';
import { createDb } from '../platform/db/create-db.js';
import { ExitCode } from './output.js';
import { runCliCaptured } from './test-cli.js';

describe('guardpost consent import', () => {
  let dir: string;
  let env: Record<string, string | undefined>;
  let good: string;
  let bad: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'guardpost-consent-cli-'));
    const dataDir = path.join(dir, 'data');
    env = { GUARDPOST_DATA_DIR: dataDir, DATABASE_URL: undefined, PORT: undefined };
    expect((await runCliCaptured(['migrate'], env)).code).toBe(ExitCode.ok);
    // The first command seeded the demo school; give it one family to consent for.
    expect((await runCliCaptured(['school', 'list'], env)).code).toBe(ExitCode.ok);
    const db = createDb({ dataDir });
    try {
      const school = await db.selectFrom('schools').select('id').executeTakeFirstOrThrow();
      await buildConsentFamily(db, { schoolId: school.id, key: 'CLI' });
    } finally {
      await db.destroy();
    }
    good = path.join(dir, 'consents.csv');
    bad = path.join(dir, 'bad.csv');
    await writeFile(
      good,
      'pupil_external_id,purpose,state,date,evidence_reference,carer_external_id\nP-CLI,social_media,granted,2025-09-08,FORM-9,C-CLI\n',
    );
    await writeFile(
      bad,
      'pupil_external_id,purpose,state,date,evidence_reference\nP-CLI,tiktok,granted,2025-09-08,FORM-9\nP-NONE,press,granted,2025-09-08,FORM-9\n',
    );
  }, 180_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lists every problem of a bad file with file:line:column and exit code 1', async () => {
    const run = await runCliCaptured(['consent', 'import', bad], env);
    expect(run.code).toBe(ExitCode.failed);
    expect(run.stderr).toContain('[ConsentFileInvalid]');
    expect(run.stderr).toContain(
      `${bad}:2:7: purpose must be one of social_media, website, press (got "tiktok")`,
    );
  });

  it('dry-runs, then imports, as JSON', async () => {
    const dry = await runCliCaptured(['consent', 'import', good, '--dry-run'], env);
    expect(dry.code).toBe(ExitCode.ok);
    expect(dry.stdout).toContain('1 rows, 1 to record (1 granted');
    expect(dry.stdout).toContain('Dry run: nothing was written.');
    const real = await runCliCaptured(['consent', 'import', good, '--json'], env);
    expect(real.code).toBe(ExitCode.ok);
    expect(JSON.parse(real.stdout)).toMatchObject({ dryRun: false, counts: { recorded: 1 } });
    const again = await runCliCaptured(['consent', 'import', good, '--json'], env);
    expect(JSON.parse(again.stdout).counts).toMatchObject({ recorded: 0, unchanged: 1 });
  });

  it('refuses a file that does not exist', async () => {
    const run = await runCliCaptured(['consent', 'import', path.join(dir, 'missing.csv')], env);
    expect(run.code).toBe(ExitCode.failed);
    expect(run.stderr).toContain('[ConsentFileNotFound]');
  });
});
