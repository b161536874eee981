import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../src/platform/audit/audit.js';
import { CHECKPOINT_FILE, parseCheckpoints } from '../../src/platform/audit/checkpoint.js';
import { generateMasterKey } from '../../src/platform/crypto/envelope.js';
import { createTestDb, type TestDb } from '../../src/platform/db/test-db.js';
import { EMAIL_SEND_QUEUE, enqueueEmail } from '../../src/platform/notify/email.js';
import { startTestSmtp, type TestSmtp } from '../../src/platform/notify/test-smtp.js';

/**
 * Two real server processes (`guardpost start`, each its own Node process with its own pool and worker)
 * on one PostgreSQL database, delivering to a real SMTP server: every email arrives once and every
 * schedule runs once. PGlite is one process's file, so this suite needs PostgreSQL and runs when
 * DATABASE_URL is set, as the other PostgreSQL suites do.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const EMAILS = 60;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

interface ServerProcess {
  child: ChildProcess;
  output: string[];
  checkpointDir: string;
  dataDir: string;
}

async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'guardpost-two-servers-'));
  const checkpointDir = path.join(dataDir, 'checkpoints');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), 'start'], {
    cwd: root,
    env: {
      ...process.env,
      ...env,
      GUARDPOST_CLI_ENTRY: '1',
      GUARDPOST_DATA_DIR: dataDir,
      GUARDPOST_AUDIT_CHECKPOINT_DIR: checkpointDir,
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      // Debug: each job a process runs is a `job done` line, so the test sees who ran what.
      LOG_LEVEL: 'debug',
      GUARDPOST_SEED_DEMO: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output.join('')}`)), 40_000);
    const check = () => {
      if (output.join('').includes('Guardpost is running at')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output.join('')}`));
    });
  });
  return { child, output, checkpointDir, dataDir };
}

async function stopServerProcess(server: ServerProcess): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) {
    const exited = new Promise<void>((resolve) => server.child.once('exit', () => resolve()));
    server.child.kill('SIGTERM');
    const timer = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  await rm(server.dataDir, { recursive: true, force: true });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!process.env.DATABASE_URL)('two server processes on one PostgreSQL', () => {
  let t: TestDb;
  let smtp: TestSmtp;
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    t = await createTestDb('postgres');
    smtp = await startTestSmtp();
  });
  afterAll(async () => {
    // The processes go before the database: it cannot be dropped while they are connected.
    await Promise.all(servers.map(stopServerProcess));
    await smtp?.close();
    await t?.destroy();
  });

  it('delivers each email once and runs each schedule once', async () => {
    const school = await t.db
      .insertInto('schools')
      .values({ name: 'Two Servers School', official_email_domains: ['two-servers.example'] })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(t.db, {
      actor: { kind: 'system', label: 'test' },
      schoolId: school.id,
      event: {
        type: 'school.created',
        subject: { type: 'school', id: school.id },
        data: { name: 'x', demo: false },
      },
    });
    const env = {
      NODE_ENV: 'test',
      DATABASE_URL: t.databaseUrl ?? '',
      SMTP_URL: smtp.url,
      // One deployment, one key: both processes must open each other's sealed data and checkpoints.
      GUARDPOST_MASTER_KEY: generateMasterKey().toString('base64'),
    };
    const started = Date.now();
    servers.push(...(await Promise.all([startServerProcess(env), startServerProcess(env)])));
    const startMs = Date.now() - started;

    const queuedAt = Date.now();
    await t.db.transaction().execute(async (tx) => {
      for (let i = 0; i < EMAILS; i++)
        await enqueueEmail(tx, {
          schoolId: school.id,
          to: `person${i}@two-servers.example`,
          subject: `Message ${i}`,
          text: 'Something awaits you in Guardpost.',
        });
    });
    // Every schedule falls due at once, in both processes.
    const schedules = await t.db.selectFrom('job_schedules').select(['name', 'queue']).execute();
    expect(schedules.length).toBeGreaterThanOrEqual(8);
    const forcedSlot = new Date(Date.now() - 60_000);
    await t.db.updateTable('job_schedules').set({ next_run_at: forcedSlot }).execute();

    await waitFor(async () => {
      const open = await t.db
        .selectFrom('jobs')
        .select('id')
        .where('status', 'in', ['queued', 'running'])
        .execute();
      const materialised = await t.db
        .selectFrom('jobs')
        .select('id')
        .where('unique_key', 'like', 'schedule:%')
        .execute();
      return smtp.received.length >= EMAILS && materialised.length >= schedules.length && open.length === 0;
    }, 30_000);
    const deliveredMs = Date.now() - queuedAt;
    // Two more poll intervals of both workers, for a duplicate to show up if there were one.
    await new Promise((resolve) => setTimeout(resolve, 2500));

    for (let i = 0; i < EMAILS; i++) expect(smtp.to(`person${i}@two-servers.example`)).toHaveLength(1);
    expect(smtp.received).toHaveLength(EMAILS);
    const sendJobs = await t.db
      .selectFrom('jobs')
      .select(['status', 'attempts'])
      .where('queue', '=', EMAIL_SEND_QUEUE)
      .execute();
    expect(sendJobs).toHaveLength(EMAILS);
    expect(sendJobs.every((j) => j.status === 'done' && j.attempts === 1)).toBe(true);

    // One job per schedule for the slot both processes saw due, claimed once (a claim is an attempt) and
    // done. A schedule that runs every minute may legitimately reach its next slot while the test waits;
    // that later slot is a different job, and it too must exist once only.
    const scheduleJobs = await t.db
      .selectFrom('jobs')
      .select(['id', 'queue', 'unique_key', 'status', 'attempts'])
      .where('unique_key', 'like', 'schedule:%')
      .execute();
    const forcedJobs = scheduleJobs.filter((j) => j.unique_key?.endsWith(`:${forcedSlot.toISOString()}`));
    expect(forcedJobs.map((j) => j.queue).sort()).toEqual(schedules.map((s) => s.queue).sort());
    expect(forcedJobs.filter((j) => j.status !== 'done' || j.attempts !== 1)).toEqual([]);
    const laterSlots = scheduleJobs.filter((j) => !forcedJobs.includes(j));
    expect(new Set(scheduleJobs.map((j) => j.unique_key)).size).toBe(scheduleJobs.length);
    expect(laterSlots.filter((j) => j.attempts > 1)).toEqual([]);

    // The checkpoint job's effect is outside the database: one signed line per chain, across both processes.
    const lines: string[] = [];
    for (const server of servers) {
      const text = await readFile(path.join(server.checkpointDir, CHECKPOINT_FILE), 'utf8').catch(() => '');
      lines.push(...text.split('\n').filter((l) => l !== ''));
    }
    const { checkpoints, badLines } = parseCheckpoints(lines.join('\n'));
    expect(badLines).toEqual([]);
    expect(checkpoints.filter((c) => c.schoolId === school.id)).toHaveLength(1);
    expect(new Set(checkpoints.map((c) => c.schoolId)).size).toBe(checkpoints.length);

    // Seen from the processes themselves: every job ran in exactly one of them, once.
    const ranBy = servers.map((server) =>
      server.output
        .join('')
        .split('\n')
        .filter((line) => line.includes('"job done"'))
        .map((line) => String((JSON.parse(line) as { jobId: unknown }).jobId)),
    );
    const allRuns = ranBy.flat();
    const laterDone = laterSlots.filter((j) => j.status === 'done').length;
    expect(allRuns.length).toBeGreaterThanOrEqual(EMAILS + schedules.length + laterDone);
    expect(allRuns.length).toBeLessThanOrEqual(EMAILS + schedules.length + laterSlots.length);
    expect(new Set(allRuns).size).toBe(allRuns.length);
    // Both took part: the point is sharing one database, not one process doing it all.
    expect(ranBy.every((runs) => runs.length > 0)).toBe(true);

    console.info(
      `two servers: started in ${startMs} ms; ${EMAILS} emails and ${schedules.length} schedules done in ${deliveredMs} ms, each once; jobs run per process: ${ranBy.map((r) => r.length).join(' and ')}`,
    );
  }, 60_000);
});
