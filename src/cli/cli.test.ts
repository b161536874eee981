import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from './output.js';
import { runBin, runCliCaptured } from './test-cli.js';

describe('guardpost CLI', () => {
  let dataDir: string;
  let env: Record<string, string | undefined>;

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'guardpost-cli-'));
    // The CLI tests always use an embedded database of their own, even when DATABASE_URL is set.
    env = { GUARDPOST_DATA_DIR: dataDir, DATABASE_URL: undefined, PORT: undefined };
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('policy status --json on a fresh data folder: the demo school, overdue since 29 Aug 2020', async () => {
    const run = await runCliCaptured(['policy', 'status', '--json'], env);
    expect(run.code).toBe(ExitCode.ok);
    const body = JSON.parse(run.stdout);
    expect(body).toMatchObject({
      status: 'overdue',
      nextReviewDue: '2020-08-29',
      school: { name: 'Take 1 Studios' },
    });
    expect(body.daysOverdue).toBeGreaterThanOrEqual(2278);
  });

  it('bin/guardpost policy status says so in words, and --fail-if-overdue exits 3', () => {
    const run = runBin(['policy', 'status'], env);
    expect(run.code).toBe(ExitCode.ok);
    expect(run.stdout).toMatch(/OVERDUE since 29 Aug 2020/);
    expect(runBin(['policy', 'status', '--fail-if-overdue'], env).code).toBe(ExitCode.checkFailed);
  });

  it('exits 2 with a one-line message for bad configuration', async () => {
    const port = await runCliCaptured(['policy', 'status'], { ...env, PORT: 'abc' });
    expect(port.code).toBe(ExitCode.usage);
    expect(port.stderr.trim()).toBe(
      'guardpost: configuration error: PORT: must be a whole number between 1 and 65535',
    );
    const url = await runCliCaptured(['migrate'], { ...env, DATABASE_URL: 'mysql://localhost/x' });
    expect(url.code).toBe(ExitCode.usage);
    expect(url.stderr).toMatch(/DATABASE_URL/);
    const dir = await runCliCaptured(['migrate', '--json'], {
      ...env,
      GUARDPOST_DATA_DIR: '/proc/guardpost-cli',
    });
    expect(dir.code).toBe(ExitCode.usage);
    expect(JSON.parse(dir.stdout).error.code).toBe('InvalidConfig');
    const totp = await runCliCaptured(['policy', 'status'], {
      ...env,
      GUARDPOST_DEMO_TOTP_SECRET: 'JBSWY3DPEHPK3PXP',
    });
    expect(totp.code).toBe(ExitCode.usage);
    expect(totp.stderr.trim().split('\n')).toEqual([
      'guardpost: configuration error: GUARDPOST_DEMO_TOTP_SECRET: must be a base32 secret of at least 26 characters (16 bytes; A-Z, 2-7)',
    ]);
  });

  it('exits 2 for unknown commands and options, 0 for --help', async () => {
    expect((await runCliCaptured(['policy', 'nonsense'], env)).code).toBe(ExitCode.usage);
    expect((await runCliCaptured(['school', 'list', '--colour'], env)).code).toBe(ExitCode.usage);
    const help = await runCliCaptured(['policy', '--help'], env);
    expect(help.code).toBe(ExitCode.ok);
    expect(help.stdout).toMatch(/status/);
  });

  it('migrate --json reports nothing pending', async () => {
    const run = await runCliCaptured(['migrate', '--json'], env);
    expect(run.code).toBe(ExitCode.ok);
    expect(JSON.parse(run.stdout)).toMatchObject({ applied: [], pending: [] });
  });

  it('school create refuses bad input with exit 1, then creates and lists', async () => {
    const bad = await runCliCaptured(
      ['school', 'create', '--name', 'Oakwood', '--domain', 'gmail.com', '--json'],
      env,
    );
    expect(bad.code).toBe(ExitCode.failed);
    expect(JSON.parse(bad.stdout).error.code).toBe('InvalidSchool');
    const good = await runCliCaptured(
      [
        'school',
        'create',
        '--name',
        'Oakwood Primary',
        '--domain',
        'oakwood.example',
        '--urn',
        '654321',
        '--json',
      ],
      env,
    );
    expect(good.code).toBe(ExitCode.ok);
    const list = await runCliCaptured(['school', 'list', '--json'], env);
    expect(JSON.parse(list.stdout).map((s: { name: string }) => s.name)).toEqual([
      'Oakwood Primary',
      'Take 1 Studios',
    ]);
  });

  it('policy import: refuses a non-UTF-8 file with file:line:column, imports Markdown', async () => {
    const latin1 = path.join(dataDir, 'policy-latin1.txt');
    writeFileSync(latin1, Buffer.from([...Buffer.from('Policy\nCaf'), 0xe9, ...Buffer.from('\n')]));
    const bad = await runCliCaptured(['policy', 'import', latin1], env);
    expect(bad.code).toBe(ExitCode.failed);
    expect(bad.stderr).toMatch(/policy-latin1\.txt:2:4: the file is not UTF-8/);

    const missing = await runCliCaptured(['policy', 'import', path.join(dataDir, 'nope.md')], env);
    expect(missing.code).toBe(ExitCode.failed);
    expect(missing.stderr).toMatch(/ENOENT/);

    const md = path.join(dataDir, 'policy.md');
    writeFileSync(md, '# Staff Online Policy\n\n## 1 Personal use\n- Keep pupils off personal accounts.\n');
    const good = await runCliCaptured(
      ['policy', 'import', md, '--effective', '2026-09-01', '--label', 'v2026', '--json'],
      env,
    );
    expect(good.code).toBe(ExitCode.ok);
    expect(JSON.parse(good.stdout)).toMatchObject({
      label: 'v2026',
      format: 'markdown',
      nextReviewDue: '2027-09-01',
    });
    const status = JSON.parse((await runCliCaptured(['policy', 'status', '--json'], env)).stdout);
    expect(status).toMatchObject({ version: 'v2026', status: 'ok' });
  });
});
