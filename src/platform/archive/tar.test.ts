import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { extractTarGz } from './tar.js';
import { buildTarGz } from './testing.js';

describe('extractTarGz', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes only the files asked for, long names included, across chunk boundaries', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'gp-tar-'));
    const long = `blacklists/${'very-long-category-name-'.repeat(5)}/domains`;
    const big = Array.from({ length: 3000 }, (_, i) => `site${i}.example`).join('\n');
    const archive = buildTarGz({ 'blacklists/adult/domains': big, [long]: 'a.example\n', 'other/file': 'x' });
    // Small chunks, so headers and contents straddle reads.
    const chunks = Array.from({ length: Math.ceil(archive.length / 97) }, (_, i) =>
      archive.subarray(i * 97, i * 97 + 97),
    );
    const written = await extractTarGz(Readable.from(chunks), dir, (name) => name.endsWith('/domains'), {
      maxBytes: 10_000_000,
    });
    expect(written.sort()).toEqual(['blacklists/adult/domains', long].sort());
    expect(await readFile(path.join(dir, 'blacklists/adult/domains'), 'utf8')).toBe(big);
    expect(await readFile(path.join(dir, long), 'utf8')).toBe('a.example\n');
  });

  it('refuses a path that leaves the folder, and an archive that unpacks too large', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'gp-tar-'));
    await expect(
      extractTarGz(Readable.from([buildTarGz({ '../escape/domains': 'x' })]), dir, () => true, {
        maxBytes: 1e6,
      }),
    ).rejects.toMatchObject({ code: 'ArchivePathInvalid' });
    const bomb = buildTarGz({ 'a/domains': 'x'.repeat(200_000) });
    await expect(
      extractTarGz(Readable.from([bomb]), dir, () => true, { maxBytes: 100_000 }),
    ).rejects.toMatchObject({ code: 'ArchiveTooLarge' });
  });
});
