import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { extractTarGz } from '../platform/archive/tar.js';
import type { Db } from '../platform/db/database.js';
import { invalid } from '../platform/errors.js';
import { categoryFolderNames, defaultBlockCategories } from './block-lists.js';
import { findCheckSettings } from './check-settings.repository.js';

/** The UT1 archive is about 20 MB gzipped and a few hundred MB unpacked; far more is not a block list. */
const maxDownloadBytes = 200 * 1024 * 1024;
const maxUnpackedBytes = 2 * 1024 * 1024 * 1024;
const downloadTimeoutMs = 10 * 60_000;

/** Downloads the archive to a file, refusing anything but http(s), a failed answer or one too large. */
async function download(url: string, file: string): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid('BlockListUrlInvalid', `not a web address: ${url}`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw invalid('BlockListUrlInvalid', 'the block list address must start with https:// or http://');
  let response: Response;
  try {
    response = await fetch(parsed, { signal: AbortSignal.timeout(downloadTimeoutMs), redirect: 'follow' });
  } catch (error) {
    throw invalid('BlockListDownloadFailed', `the block lists could not be downloaded from ${parsed.host}`, [
      error instanceof Error ? error.message : String(error),
    ]);
  }
  if (!response.ok || !response.body)
    throw invalid(
      'BlockListDownloadFailed',
      `the block list address answered ${response.status}: check GUARDPOST_BLOCKLISTS_URL`,
    );
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxDownloadBytes)
    throw invalid('BlockListDownloadTooLarge', `the archive is larger than ${maxDownloadBytes} bytes`);
  const out = createWriteStream(file);
  let received = 0;
  try {
    for await (const chunk of Readable.fromWeb(response.body as import('node:stream/web').ReadableStream)) {
      received += (chunk as Buffer).length;
      if (received > maxDownloadBytes)
        throw invalid('BlockListDownloadTooLarge', `the archive is larger than ${maxDownloadBytes} bytes`);
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
  } finally {
    await new Promise<void>((resolve) => out.end(() => resolve()));
  }
}

/** The folder of the unpacked archive that holds the category folders (UT1 wraps them in `blacklists/`). */
async function listsRoot(dir: string, categories: readonly string[]): Promise<string> {
  const queue = [dir];
  for (let depth = 0; depth < 3 && queue.length > 0; depth += 1) {
    const next: string[] = [];
    for (const folder of queue) {
      const names = await readdir(folder);
      if (names.some((n) => categories.includes(n))) return folder;
      for (const name of names) {
        if ((await stat(path.join(folder, name))).isDirectory()) next.push(path.join(folder, name));
      }
    }
    queue.splice(0, queue.length, ...next);
  }
  throw invalid('BlockListsNotFound', 'the archive holds none of the school’s block list categories');
}

/** Downloads and unpacks the categories asked for into a fresh folder; the caller removes `work`. */
export async function fetchLists(
  url: string,
  categories: readonly string[],
): Promise<{ work: string; root: string }> {
  // UT1 files some categories under other names (drugs under `drogue`): unpack every name a category has.
  const folders = categories.flatMap((c) => categoryFolderNames(c));
  const work = await mkdtemp(path.join(os.tmpdir(), 'guardpost-lists-'));
  try {
    const archive = path.join(work, 'lists.tar.gz');
    await download(url, archive);
    const unpacked = path.join(work, 'lists');
    await extractTarGz(
      createReadStream(archive),
      unpacked,
      (entry) => {
        const parts = entry.split('/');
        const file = parts.at(-1);
        const category = parts.at(-2);
        return (
          (file === 'domains' || file === 'urls') && category !== undefined && folders.includes(category)
        );
      },
      { maxBytes: maxUnpackedBytes },
    );
    return { work, root: await listsRoot(unpacked, folders) };
  } catch (error) {
    await rm(work, { recursive: true, force: true });
    throw error;
  }
}

export async function categoriesOf(db: Db, schoolId: string): Promise<string[]> {
  return (await findCheckSettings(db, schoolId))?.block_categories ?? [...defaultBlockCategories];
}

/**
 * The school's categories the downloaded tree holds, and those it lacks: a download is someone else's
 * edition, so a category it lacks is reported (and shows as not loaded on Check settings) rather than
 * refusing the categories it does carry.
 */
export async function presentIn(
  root: string,
  categories: readonly string[],
): Promise<{ present: string[]; missing: string[] }> {
  const names = new Set(await readdir(root));
  const present = categories.filter((c) => categoryFolderNames(c).some((name) => names.has(name)));
  return { present, missing: categories.filter((c) => !present.includes(c)) };
}
