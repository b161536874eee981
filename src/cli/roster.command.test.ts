import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRosterCsv } from '../people/testing.js';
import { buildTestZip } from '../platform/uploads/testing.js';
import { ExitCode } from './output.js';
import { runCliCaptured } from './test-cli.js';

describe('guardpost roster import', () => {
  let dir: string;
  let env: Record<string, string | undefined>;
  let good: string;
  let bad: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'guardpost-roster-cli-'));
    env = { GUARDPOST_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: undefined, PORT: undefined };
    good = path.join(dir, 'roster.csv');
    bad = path.join(dir, 'bad.csv');
    const rows = [
      { role: 'pupil', external_id: 'CLI1', given_name: 'Joy', family_name: 'Nwosu', year_group: '7' },
      {
        role: 'pupil',
        external_id: 'CLI2',
        given_name: 'Summer',
        family_name: 'Patel-Hughes',
        year_group: '8',
      },
      { role: 'carer', external_id: 'CLIC1', given_name: 'Ade', family_name: 'Nwosu', linked_pupils: 'CLI1' },
    ];
    await writeFile(good, strFromU8(buildRosterCsv(rows).bytes));
    await writeFile(
      bad,
      `${strFromU8(buildRosterCsv(rows).bytes)}pupil,CLI3,Hope,Reid,,2014-02-30,7,current,,,,,\ncarer,CLIC9,Ann,Reid,,,,,,,,NOPE,\n`,
    );
    // The first command creates the on-disk database, migrates it and seeds the demo school: slow once.
    expect((await runCliCaptured(['migrate'], env)).code).toBe(ExitCode.ok);
  }, 180_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('shows the diff of a dry run and writes nothing', async () => {
    const run = await runCliCaptured(['roster', 'import', good, '--dry-run'], env);
    expect(run.code).toBe(ExitCode.ok);
    expect(run.stdout).toContain('Pupils: 2 added, 0 updated, 0 leaving');
    expect(run.stdout).toContain('+ CLI2  Summer Patel-Hughes');
    expect(run.stdout).toContain('Dry run: nothing was written.');
    const again = await runCliCaptured(['roster', 'import', good, '--dry-run', '--json'], env);
    expect(JSON.parse(again.stdout).counts.pupilsAdded).toBe(2);
  });

  it('lists every problem of a bad file with exit code 1', async () => {
    const run = await runCliCaptured(['roster', 'import', bad], env);
    expect(run.code).toBe(ExitCode.failed);
    expect(run.stderr).toContain('[RosterFileInvalid]');
    expect(run.stderr).toContain(`${bad}:5:23: date_of_birth "2014-02-30" is not a real date`);
    expect(run.stderr).toContain(`${bad}:6:29: unknown linked pupil NOPE`);
  });

  it('imports, then finds nothing to change the second time', async () => {
    const first = await runCliCaptured(['roster', 'import', good, '--json'], env);
    expect(first.code).toBe(ExitCode.ok);
    expect(JSON.parse(first.stdout)).toMatchObject({
      dryRun: false,
      counts: { pupilsAdded: 2, linksAdded: 1 },
    });
    const second = await runCliCaptured(['roster', 'import', good], env);
    expect(second.code).toBe(ExitCode.ok);
    expect(second.stdout).toContain('Pupils: 0 added, 0 updated, 0 leaving, 2 unchanged');
  });

  it('refuses a path that does not exist', async () => {
    const run = await runCliCaptured(['roster', 'import', path.join(dir, 'missing.csv'), '--json'], env);
    expect(run.code).toBe(ExitCode.failed);
    expect(JSON.parse(run.stdout).error.code).toBe('RosterPathNotFound');
  });

  it('refuses a zip bomb, and honours GUARDPOST_MAX_UNZIPPED_MB, naming the entry and the limit', async () => {
    const bomb = path.join(dir, 'bomb.zip');
    await writeFile(bomb, buildTestZip([{ name: 'export/users.csv', size: 210 * 1024 * 1024 }]));
    const run = await runCliCaptured(['roster', 'import', bomb, '--json'], env);
    expect(run.code).toBe(ExitCode.failed);
    expect(JSON.parse(run.stdout).error).toMatchObject({
      code: 'ZipTooLarge',
      message: `${bomb}: export/users.csv says it unpacks to 210 MB; the limit is 200 MB unpacked (GUARDPOST_MAX_UNZIPPED_MB)`,
    });

    // A 3 MB export passes by default and is refused under a 2 MB ceiling.
    const export3 = path.join(dir, 'export.zip');
    await writeFile(export3, buildTestZip([{ name: 'users.csv', size: 3 * 1024 * 1024 }]));
    const small = await runCliCaptured(['roster', 'import', export3, '--dry-run', '--json'], {
      ...env,
      GUARDPOST_MAX_UNZIPPED_MB: '2',
    });
    expect(small.code).toBe(ExitCode.failed);
    expect(JSON.parse(small.stdout).error.message).toBe(
      `${export3}: users.csv says it unpacks to 3 MB; the limit is 2 MB unpacked (GUARDPOST_MAX_UNZIPPED_MB)`,
    );
    const roomy = await runCliCaptured(['roster', 'import', export3, '--dry-run', '--json'], env);
    expect(JSON.parse(roomy.stdout).error?.code).not.toBe('ZipTooLarge');

    // A plain file on disk is held to the same ceiling from its size, before it is read.
    const big = path.join(dir, 'big.csv');
    await writeFile(big, Buffer.alloc(3 * 1024 * 1024, 0x61));
    const plain = await runCliCaptured(['roster', 'import', big, '--json'], {
      ...env,
      GUARDPOST_MAX_UNZIPPED_MB: '2',
    });
    expect(JSON.parse(plain.stdout).error).toMatchObject({
      code: 'RosterFileTooLarge',
      message: `${big} is 3 MB; the limit is 2 MB`,
    });

    const badLimit = await runCliCaptured(['roster', 'import', export3], {
      ...env,
      GUARDPOST_MAX_UNZIPPED_MB: 'lots',
    });
    expect(badLimit.code).toBe(ExitCode.usage);
    expect(badLimit.stderr.trim()).toBe(
      'guardpost: configuration error: GUARDPOST_MAX_UNZIPPED_MB: must be a whole number of MB between 1 and 4096',
    );
  });
});
