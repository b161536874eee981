import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('guardpost worker', () => {
  it('starts the jobs without HTTP and stops cleanly on SIGTERM', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'guardpost-worker-cli-'));
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), 'worker'], {
      cwd: root,
      env: {
        ...process.env,
        GUARDPOST_CLI_ENTRY: '1',
        NODE_ENV: 'test',
        GUARDPOST_DATA_DIR: dataDir,
        DATABASE_URL: '',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`worker did not start:\n${output.join('')}`)),
          // A fresh embedded database is migrated first: slow on a busy machine.
          150_000,
        );
        const check = () => {
          // The console line and the log line (written asynchronously) may come in either order.
          const seen = output.join('');
          if (/Guardpost worker \S+ is running the jobs/.test(seen) && seen.includes('job worker started')) {
            clearTimeout(timer);
            resolve();
          }
        };
        child.stdout.on('data', check);
        child.stderr.on('data', check);
        void exited.then(({ code }) => {
          clearTimeout(timer);
          reject(new Error(`worker exited with ${code} before it started:\n${output.join('')}`));
        });
      });
      const started = output.join('');
      // Jobs only: no address is listened on.
      expect(started).not.toMatch(/Server listening|Guardpost is running at/);

      child.kill('SIGTERM');
      const { code, signal } = await exited;
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      expect(output.join('')).toContain('"signal":"SIGTERM"');
      expect(output.join('')).toContain('shutting down');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});
