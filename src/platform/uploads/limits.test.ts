import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBytes, readFileWithin } from './limits.js';

describe('readFileWithin', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'guardpost-limits-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a file within the limit and refuses a larger one from its size, naming it and the limit', async () => {
    const small = path.join(dir, 'policy.md');
    const large = path.join(dir, 'huge.md');
    await writeFile(small, 'x'.repeat(1000));
    await writeFile(large, Buffer.alloc(600 * 1024, 0x78));
    expect((await readFileWithin(small, 512 * 1024, 'PolicyDocumentTooLarge')).length).toBe(1000);
    await expect(readFileWithin(large, 512 * 1024, 'PolicyDocumentTooLarge')).rejects.toMatchObject({
      code: 'PolicyDocumentTooLarge',
      message: `${large} is 600 kB; the limit is 512 kB`,
    });
    await expect(readFileWithin(path.join(dir, 'missing'), 10, 'X')).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });

  it('says sizes the way people read them', () => {
    expect([
      formatBytes(900),
      formatBytes(2048),
      formatBytes(25 * 1024 * 1024),
      formatBytes(1.5 * 1024 * 1024),
    ]).toEqual(['900 bytes', '2 kB', '25 MB', '1.5 MB']);
  });
});
