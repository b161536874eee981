import { open } from 'node:fs/promises';
import { invalid } from '../errors.js';

/**
 * Size limits shared by every way a file comes in (HTTP upload, CLI path). Each domain keeps its own limit
 * beside the code that reads the file; what lives here is how a limit is checked and said.
 */

/**
 * The default ceiling on what one uploaded zip may unpack to (GUARDPOST_MAX_UNZIPPED_MB). A trust's
 * OneRoster export is tens of MB unpacked; 200 MB leaves room for a large trust while keeping the parsed
 * rows of one import within a small server's memory.
 */
export const DEFAULT_MAX_UNZIPPED_MB = 200;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} kB`;
  const mb = bytes / 1024 / 1024;
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

/** The refusal every byte-size limit gives: the file's name, its size and the limit. */
export function fileTooLarge(code: string, name: string, size: number, limit: number): Error {
  return invalid(code, `${name} is ${formatBytes(size)}; the limit is ${formatBytes(limit)}`);
}

/**
 * Reads a file named on the command line, refusing it from its size on disk before reading a byte.
 * File-system errors (ENOENT …) are thrown as they are, for the caller to word.
 */
export async function readFileWithin(path: string, maxBytes: number, code: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) throw fileTooLarge(code, path, size, maxBytes);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}
