import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { invalid } from '../errors.js';

export interface ExtractLimits {
  /** Refuse the archive once this many bytes have come out of it (a gzip bomb stops here). */
  maxBytes: number;
}

function octal(header: Buffer, start: number, length: number): number {
  const text = header
    .subarray(start, start + length)
    .toString('ascii')
    .replace(/\0.*$/s, '')
    .trim();
  return text === '' ? 0 : Number.parseInt(text, 8);
}

function text(header: Buffer, start: number, length: number): string {
  return header
    .subarray(start, start + length)
    .toString('utf8')
    .replace(/\0.*$/s, '');
}

/**
 * Extracts the regular files of a gzipped tar stream whose path `keep` accepts into `dir`, streaming (a
 * UT1 archive unpacks to hundreds of megabytes, most of it lists a school does not use). Understands ustar
 * names with a prefix and GNU long names; refuses paths that would leave `dir`. Returns the paths written.
 */
export async function extractTarGz(
  source: Readable,
  dir: string,
  keep: (entryPath: string) => boolean,
  limits: ExtractLimits,
): Promise<string[]> {
  const written: string[] = [];
  let pending: Buffer = Buffer.alloc(0);
  let total = 0;
  // The entry being read: bytes still to come, and where they go (undefined: skipped).
  let remaining = 0;
  let padding = 0;
  let out: ReturnType<typeof createWriteStream> | undefined;
  let longName: string | undefined;
  let readingLongName: Buffer[] | undefined;
  let ended = false;

  const finishEntry = async () => {
    if (out) {
      const stream = out;
      out = undefined;
      await new Promise<void>((resolve, reject) =>
        stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
      );
    }
  };

  const gunzip = source.pipe(createGunzip());
  for await (const chunk of gunzip as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limits.maxBytes)
      throw invalid('ArchiveTooLarge', `the archive unpacks to more than ${limits.maxBytes} bytes`);
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    while (!ended) {
      if (remaining > 0) {
        if (pending.length === 0) break;
        const take = Math.min(remaining, pending.length);
        const part = pending.subarray(0, take);
        if (readingLongName) readingLongName.push(Buffer.from(part));
        else if (out && !out.write(part))
          await new Promise<void>((resolve) => out?.once('drain', () => resolve()));
        pending = pending.subarray(take);
        remaining -= take;
        if (remaining > 0) break;
        if (readingLongName) {
          longName = Buffer.concat(readingLongName).toString('utf8').replace(/\0.*$/s, '');
          readingLongName = undefined;
        }
        await finishEntry();
      }
      if (padding > 0) {
        const skip = Math.min(padding, pending.length);
        pending = pending.subarray(skip);
        padding -= skip;
        if (padding > 0) break;
      }
      if (pending.length < 512) break;
      const header = pending.subarray(0, 512);
      pending = pending.subarray(512);
      if (header.every((b) => b === 0)) {
        ended = true;
        break;
      }
      const size = octal(header, 124, 12);
      const type = String.fromCharCode(header[156] ?? 0);
      const prefix = text(header, 345, 155);
      const name = longName ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
      longName = undefined;
      remaining = size;
      padding = (512 - (size % 512)) % 512;
      if (type === 'L') {
        readingLongName = [];
      } else if ((type === '0' || type === '\0') && keep(name)) {
        const target = path.resolve(dir, name);
        if (!target.startsWith(path.resolve(dir) + path.sep))
          throw invalid('ArchivePathInvalid', `the archive names a path outside its folder: ${name}`);
        await mkdir(path.dirname(target), { recursive: true });
        out = createWriteStream(target);
        written.push(name);
      }
      if (remaining === 0) await finishEntry();
    }
    if (ended) break;
  }
  await finishEntry();
  return written;
}
