import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { verifyAuditChain } from '../../src/platform/audit/audit.js';
import { signInAs, type TestSignIn } from '../../src/platform/auth/test-session.js';
import { createDb, type DbEngine } from '../../src/platform/db/create-db.js';
import type { Db } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';
import { createTestDb, type TestDb } from '../../src/platform/db/test-db.js';

/**
 * kill -9 during concurrent concern reports: the real server runs as a child process (the CLI's `start`),
 * receives `reports` concurrent authenticated reports, is SIGKILLed once `killAfter` have been acknowledged,
 * and is started again on the same data. A safeguarding report whose 201 reached the reporter must survive
 * that, exactly once, with the audit chain intact. Used by the soak script (`npm run soak`).
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface KillRunOptions {
  engine: DbEngine;
  reports?: number;
  killAfter?: number;
}

export interface KillRunResult {
  engine: DbEngine;
  sent: number;
  acknowledged: number;
  failedInFlight: number;
  /** Acknowledged references missing after the restart: must be 0. */
  lost: string[];
  /** References stored more than once, or a report with more than one `concern.reported` event: must be 0. */
  duplicated: string[];
  storedAfterRestart: number;
  auditChain: { ok: boolean; rows?: number };
  /** Seconds from the first request to the kill, and for the whole run. */
  secondsToKill: number;
  seconds: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

interface Child {
  process: ChildProcess;
  exited: Promise<number | null>;
  output: () => string;
}

function startChild(env: Record<string, string>): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), 'start'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { process: child, exited, output: () => output };
}

async function waitForHealth(base: string, child: Child, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null) throw new Error(`the server exited at start:\n${child.output()}`);
    try {
      const response = await fetch(`${base}/health`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`the server did not answer /health within ${timeoutMs} ms:\n${child.output()}`);
}

async function stopChild(child: Child, signal: NodeJS.Signals): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.process.kill(signal);
  await child.exited;
}

/** A school, a DSL (so reports are routed to someone) and a signed-in reporter, written before the server starts. */
async function prepare(db: Db): Promise<{ schoolId: string; reporter: TestSignIn }> {
  const schoolId = (
    await db
      .insertInto('schools')
      .values({ name: 'Kestrel Vale School', official_email_domains: ['kestrelvale.example'] })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await signInAs(db, { schoolId, roles: ['staff', 'dsl'], givenName: 'Wren', familyName: 'Ostler' });
  const reporter = await signInAs(db, {
    schoolId,
    roles: ['staff'],
    givenName: 'Cass',
    familyName: 'Pellow',
  });
  return { schoolId, reporter };
}

/** Runs the whole scenario on one engine and reports what it found; the caller asserts. */
export async function killDuringReports(options: KillRunOptions): Promise<KillRunResult> {
  const reports = options.reports ?? 200;
  const killAfter = options.killAfter ?? Math.floor(reports / 3);
  const started = Date.now();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'guardpost-kill-'));
  let testDb: TestDb | undefined;
  let children: Child[] = [];
  try {
    let env: Record<string, string> = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      GUARDPOST_SEED_DEMO: 'false',
      GUARDPOST_DATA_DIR: dataDir,
      GUARDPOST_MASTER_KEY: randomBytes(32).toString('base64'),
      HOST: '127.0.0.1',
    };
    let fixture: { schoolId: string; reporter: TestSignIn };
    if (options.engine === 'postgres') {
      testDb = await createTestDb('postgres');
      fixture = await prepare(testDb.db);
      env = { ...env, DATABASE_URL: testDb.databaseUrl ?? '' };
    } else {
      // PGlite is one process's database: set it up, close it, then hand the folder to the server.
      const db = createDb({ dataDir });
      await migrateToLatest(db);
      fixture = await prepare(db);
      await db.destroy();
    }
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    env.PORT = String(port);

    const first = startChild(env);
    children.push(first);
    await waitForHealth(base, first);

    const acknowledged: string[] = [];
    let failedInFlight = 0;
    let killedAt = 0;
    const kill = () => {
      if (killedAt) return;
      killedAt = Date.now();
      first.process.kill('SIGKILL');
    };
    const sentAt = Date.now();
    await Promise.all(
      Array.from({ length: reports }, async (_, i) => {
        try {
          const response = await fetch(`${base}/api/concerns`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...fixture.reporter.headers },
            body: JSON.stringify({
              type: 'other_online_safety',
              platform: 'Messaging app',
              whatHappened: `Soak report ${i}: a message from an unknown adult asking to meet`,
              urgency: i % 2 ? 'routine' : 'urgent',
            }),
          });
          if (response.status === 201) {
            const body = (await response.json()) as { receipt: { reference: string } };
            acknowledged.push(body.receipt.reference);
            if (acknowledged.length >= killAfter) kill();
          } else {
            failedInFlight++;
          }
        } catch {
          // The connection died with the server: not acknowledged, so it may or may not be stored.
          failedInFlight++;
        }
      }),
    );
    kill();
    await first.exited;
    const secondsToKill = (killedAt - sentAt) / 1000;

    const second = startChild(env);
    children.push(second);
    await waitForHealth(base, second);
    const mine = await fetch(`${base}/api/concerns/mine`, { headers: fixture.reporter.headers });
    if (!mine.ok) throw new Error(`GET /api/concerns/mine answered ${mine.status} after the restart`);
    const receipts = ((await mine.json()) as { receipts: { reference: string }[] }).receipts;
    await stopChild(second, 'SIGTERM');
    children = [];

    const db = testDb?.db ?? createDb({ dataDir });
    try {
      const stored = new Set(receipts.map((r) => r.reference));
      const lost = acknowledged.filter((reference) => !stored.has(reference));
      const twice = await sql<{ reference: string }>`
        select c.reference from concerns c
        left join audit_events a on a.subject_id = c.id::text and a.type = 'concern.reported'
        where c.school_id = ${fixture.schoolId}
        group by c.id, c.reference
        having count(a.id) <> 1
        union all
        select reference from concerns where school_id = ${fixture.schoolId}
        group by reference having count(*) > 1`.execute(db);
      const auditChain = await verifyAuditChain(db, fixture.schoolId);
      return {
        engine: options.engine,
        sent: reports,
        acknowledged: acknowledged.length,
        failedInFlight,
        lost,
        duplicated: twice.rows.map((r) => r.reference),
        storedAfterRestart: receipts.length,
        auditChain: { ok: auditChain.ok, ...('rows' in auditChain ? { rows: auditChain.rows } : {}) },
        secondsToKill,
        seconds: (Date.now() - started) / 1000,
      };
    } finally {
      if (!testDb) await db.destroy();
    }
  } finally {
    for (const child of children) await stopChild(child, 'SIGKILL');
    await testDb?.destroy();
    await rm(dataDir, { recursive: true, force: true });
  }
}
