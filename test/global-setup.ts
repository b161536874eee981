import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * Builds the web app once before the run when the browser suites will run, so every suite tests the app as
 * it is now and none of them rebuilds web/dist while another serves it.
 */
export default async function setup(): Promise<void> {
  if (!process.env.CHROMIUM_PATH) return;
  const root = path.resolve(import.meta.dirname, '..');
  await promisify(execFile)(
    path.join(root, 'node_modules', '.bin', 'vite'),
    ['build', 'web', '--logLevel', 'warn'],
    {
      cwd: root,
    },
  );
}
