import { type ChildProcess, fork } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { type BenchRow, row } from './harness.js';
import type { LoadServerReady } from './load-server.js';

/**
 * The API under load: `POST /api/checks` (a 250-character caption) and `GET /api/posts`, signed in as the
 * demo member of staff, against a server in a child process on the same machine. For each engine: a fixed
 * rate (PostgreSQL 500 req/s, PGlite 300 req/s, paced open loop over up to 64 kept-alive connections) with
 * p50/p99 and timeouts, then req/s at saturation (autocannon, 20 connections).
 * `LOAD_SECONDS` sets each run's length (default 5); `LOAD_CPU_PROF=path/prefix` saves
 * a CPU profile per engine of the server while it serves (open it in Chrome's DevTools or run bench/profile-summary.ts).
 */
const suite = 'load';
const benchDir = path.dirname(fileURLToPath(import.meta.url));
const seconds = Number(process.env.LOAD_SECONDS ?? 5);
const timeoutSeconds = 5;

// 250 characters, an everyday caption with a first name in it (the roster index is consulted).
const caption =
  'What a brilliant afternoon at the county athletics final! Our Year 6 relay team ran their hearts out ' +
  'and came home with silver. Thank you to Mrs Patel for the coaching and to every family who came to ' +
  'cheer. Photos to follow on Friday, well done all!!';

interface Engine {
  name: 'PGlite' | 'PostgreSQL';
  databaseUrl: string | undefined;
  fixedRate: number;
  checksP99Target: string;
}

const engines: Engine[] = [
  { name: 'PGlite', databaseUrl: undefined, fixedRate: 300, checksP99Target: '<= 100' },
  ...(process.env.DATABASE_URL
    ? [
        {
          name: 'PostgreSQL' as const,
          databaseUrl: process.env.DATABASE_URL,
          fixedRate: 500,
          checksP99Target: '<= 50',
        },
      ]
    : []),
];

async function startServer(engine: Engine): Promise<{ child: ChildProcess; ready: LoadServerReady }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (engine.databaseUrl) env.DATABASE_URL = engine.databaseUrl;
  else delete env.DATABASE_URL;
  const child = fork(path.join(benchDir, 'load-server.ts'), [], {
    env,
    execArgv: ['--import', 'tsx'],
    // The server logs every request like a real one; the log goes nowhere so the terminal stays readable.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const ready = await new Promise<LoadServerReady>((resolve, reject) => {
    child.once('message', (m) => resolve(m as LoadServerReady));
    child.once('exit', (code) => reject(new Error(`the load server stopped before it was ready (${code})`)));
  });
  return { child, ready };
}

async function stopServer(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

interface Run {
  /** Server CPU time (user + system) per answered request. */
  cpuMsPerRequest: number;
  p50: number;
  p99: number;
  rate: number;
  timeouts: number;
  errors: number;
  total: number;
}

async function serverCpuMs(child: ChildProcess): Promise<number> {
  const answer = new Promise<NodeJS.CpuUsage>((resolve) => {
    const onMessage = (m: unknown) => {
      if (typeof m === 'object' && m !== null && 'cpu' in m) {
        child.off('message', onMessage);
        resolve((m as { cpu: NodeJS.CpuUsage }).cpu);
      }
    };
    child.on('message', onMessage);
  });
  child.send('cpu');
  const { user, system } = await answer;
  return (user + system) / 1000;
}

interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

function requestFor(ready: LoadServerReady, route: 'checks' | 'posts'): LoadRequest {
  return route === 'checks'
    ? {
        method: 'POST',
        path: '/api/checks',
        headers: { cookie: ready.cookie, 'x-csrf-token': ready.csrf, 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'post', text: caption }),
      }
    : { method: 'GET', path: '/api/posts', headers: { cookie: ready.cookie } };
}

function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!);
}

/**
 * Saturation: autocannon, closed loop (each connection sends its next request when the last one answers).
 */
async function saturate(
  { child, ready }: { child: ChildProcess; ready: LoadServerReady },
  route: 'checks' | 'posts',
  options: { connections: number; seconds: number },
): Promise<Run> {
  const request = requestFor(ready, route);
  const cpuBefore = await serverCpuMs(child);
  const result = await autocannon({
    ...request,
    url: `${ready.url}${request.path}`,
    connections: options.connections,
    duration: options.seconds,
    timeout: timeoutSeconds,
  });
  const cpuMs = (await serverCpuMs(child)) - cpuBefore;
  return {
    cpuMsPerRequest: cpuMs / Math.max(1, result.requests.total),
    p50: result.latency.p50,
    p99: result.latency.p99,
    rate: result.requests.average,
    timeouts: result.timeouts,
    errors: result.errors + result.non2xx,
    total: result.requests.total,
  };
}

/**
 * A fixed rate, open loop: requests leave evenly spaced whatever the answers do, and each latency counts from
 * when its request was due, so a slow server cannot hide its queue. (autocannon's `overallRate` sends each
 * connection's quota for the second back to back and then waits for the next second, which measures bursts,
 * and its coordinated-omission correction assumes one request per millisecond.)
 */
async function paced(
  { child, ready }: { child: ChildProcess; ready: LoadServerReady },
  route: 'checks' | 'posts',
  options: { rate: number; seconds: number },
): Promise<Run> {
  const request = requestFor(ready, route);
  const url = new URL(`${ready.url}${request.path}`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const latencies: number[] = [];
  let timeouts = 0;
  let errors = 0;
  const one = (due: number) =>
    new Promise<void>((resolve) => {
      let timedOut = false;
      const req = http.request(
        url,
        { method: request.method, headers: request.headers, agent, timeout: timeoutSeconds * 1000 },
        (res) => {
          res.resume();
          res.on('end', () => {
            if ((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300)
              latencies.push(performance.now() - due);
            else errors += 1;
            resolve();
          });
        },
      );
      req.on('timeout', () => {
        timedOut = true;
        timeouts += 1;
        req.destroy();
      });
      req.on('error', () => {
        if (!timedOut) errors += 1;
        resolve();
      });
      req.end(request.body);
    });

  const total = Math.round(options.rate * options.seconds);
  const inFlight: Promise<void>[] = [];
  const cpuBefore = await serverCpuMs(child);
  const start = performance.now();
  await new Promise<void>((resolve) => {
    let sent = 0;
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * options.rate) + 1);
      for (; sent < due; sent += 1) inFlight.push(one(start + (sent * 1000) / options.rate));
      if (sent >= total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  await Promise.all(inFlight);
  const seconds = (performance.now() - start) / 1000;
  const cpuMs = (await serverCpuMs(child)) - cpuBefore;
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  return {
    cpuMsPerRequest: cpuMs / Math.max(1, total),
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    rate: latencies.length / seconds,
    timeouts,
    errors,
    total,
  };
}

function runRows(engine: Engine, label: string, run: Run, p99Target?: string): BenchRow[] {
  const note = `${run.total} requests, ${run.timeouts} timeouts, ${run.errors} errors or non-2xx`;
  return [
    row(suite, `${label} p50 (${engine.name})`, run.p50, 'ms'),
    row(suite, `${label} p99 (${engine.name})`, run.p99, 'ms', p99Target, note),
    row(suite, `${label} timeouts + errors (${engine.name})`, run.timeouts + run.errors, 'requests', '<= 0'),
    row(suite, `${label} server CPU per request (${engine.name})`, run.cpuMsPerRequest, 'ms'),
  ];
}

export default async function loadBench(): Promise<BenchRow[]> {
  // The machine is shared: latency figures mean little when it is busy, CPU per request still does.
  const rows: BenchRow[] = [row(suite, 'machine load average (1 min) at start', os.loadavg()[0] ?? 0, '')];
  for (const engine of engines) {
    process.stderr.write(`  ${engine.name}: seeding the demo school and a large roster…\n`);
    const server = await startServer(engine);
    const { child, ready } = server;
    try {
      // Warm up: JIT, the roster index and the block lists are built on the first check.
      await saturate(server, 'checks', { connections: 4, seconds: 2 });
      await saturate(server, 'posts', { connections: 4, seconds: 1 });
      const rate = engine.fixedRate;
      for (const route of ['checks', 'posts'] as const) {
        const label = route === 'checks' ? 'POST /api/checks' : 'GET /api/posts';
        const fixed = await paced(server, route, { rate, seconds });
        rows.push(
          ...runRows(
            engine,
            `${label} at ${rate} req/s`,
            fixed,
            route === 'checks' ? engine.checksP99Target : undefined,
          ),
        );
        const saturated = await saturate(server, route, { connections: 20, seconds });
        rows.push(
          row(
            suite,
            `${label} at saturation (${engine.name})`,
            saturated.rate,
            'req/s',
            undefined,
            `20 connections; p50 ${saturated.p50} ms, p99 ${saturated.p99} ms, ${saturated.timeouts + saturated.errors} timeouts/errors, server CPU ${saturated.cpuMsPerRequest.toFixed(2)} ms/request`,
          ),
        );
      }
      rows.push(row(suite, `people in the school (${engine.name})`, ready.people, 'people'));
    } finally {
      await stopServer(child);
    }
  }
  return rows;
}
