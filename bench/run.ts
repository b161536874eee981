import { mkdir, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchFunction, BenchRow } from './harness.js';

// Runs every bench/*.bench.ts (or those named on the command line), prints one table, writes JSON.
const benchDir = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);

function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-GB');
  return value.toFixed(Math.abs(value) >= 10 ? 1 : 3);
}

function printTable(rows: BenchRow[]): void {
  const header = ['suite', 'measure', 'value', 'unit', 'target', 'ok'];
  const lines = rows.map((r) => [
    r.suite,
    r.name,
    formatValue(r.value),
    r.unit,
    r.target ?? '',
    r.ok === undefined ? '' : r.ok ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const render = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  process.stdout.write(`${render(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const l of lines) process.stdout.write(`${render(l)}\n`);
}

const files = (await readdir(benchDir))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

/** The machine's load average (1, 5 and 15 minutes): a timing taken on a busy machine reads slow. */
function loadNow(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');
}

const loadBefore = loadNow();
const rows: BenchRow[] = [];
for (const file of files) {
  process.stderr.write(`running ${file}…\n`);
  const mod = (await import(pathToFileURL(path.join(benchDir, file)).href)) as { default: BenchFunction };
  rows.push(...(await mod.default()));
}

const loadAfter = loadNow();
const cores = os.cpus().length;
process.stdout.write(
  `load average (1 / 5 / 15 min) on ${cores} cores: ${loadBefore} at the start, ${loadAfter} at the end\n`,
);
printTable(rows);
process.stdout.write(`load average at the end: ${loadAfter} (${cores} cores)\n`);
const resultsDir = path.join(benchDir, 'results');
await mkdir(resultsDir, { recursive: true });
const report = {
  at: new Date().toISOString(),
  node: process.version,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores,
  loadAverage: { start: loadBefore, end: loadAfter },
  rows,
};
const stamp = report.at.replace(/[:.]/g, '-');
await writeFile(path.join(resultsDir, `${stamp}.json`), `${JSON.stringify(report, null, 2)}\n`);
await writeFile(path.join(resultsDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(`\nwrote bench/results/${stamp}.json\n`);
