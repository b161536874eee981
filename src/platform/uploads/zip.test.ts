import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { buildTestZip } from './testing.js';
import { unzipWithinLimits, ZipFormatError, zipLimitsFrom } from './zip.js';

const MB = 1024 * 1024;
const everything = (names: readonly string[]) => names;

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the zip to be refused');
}

/**
 * How far memory grew while `run` ran. The call is synchronous, so whatever it allocated and still holds
 * (nothing is collected mid-call without a pause) shows in the figures taken right after it.
 */
function memoryGrowth(run: () => void): number {
  const before = process.memoryUsage();
  run();
  const after = process.memoryUsage();
  return Math.max(after.rss - before.rss, after.arrayBuffers - before.arrayBuffers);
}

describe('unzipWithinLimits', () => {
  it('unpacks what fits, as fflate does, and only the entries selected', () => {
    const zip = zipSync({ 'export/users.csv': strToU8('a,b\n1,2\n'), 'export/classes.csv': strToU8('x\n') });
    const entries = unzipWithinLimits(zip, 'export.zip', zipLimitsFrom(undefined), (names) =>
      names.filter((n) => n.endsWith('users.csv')),
    );
    expect(entries).toEqual([{ name: 'export/users.csv', bytes: unzipSync(zip)['export/users.csv'] }]);
    // The hand-built zips the refusals below use are real zips too.
    const built = buildTestZip([{ name: 'users.csv', size: 3.5 * MB }]);
    const [users] = unzipWithinLimits(built, 'built.zip', zipLimitsFrom(undefined), everything);
    expect(users?.bytes.length).toBe(3.5 * MB);
    expect(users?.bytes.every((b) => b === 0x61)).toBe(true);
  });

  it('refuses a 200 MB bomb from its declared size before inflating anything', () => {
    const zip = buildTestZip([{ name: 'users.csv', size: 210 * MB }]);
    expect(zip.length).toBeLessThan(300 * 1024);
    let error: AppError | undefined;
    const growth = memoryGrowth(() => {
      error = refusal(() => unzipWithinLimits(zip, 'bomb.zip', zipLimitsFrom(undefined), everything));
    });
    expect(error?.code).toBe('ZipTooLarge');
    expect(error?.message).toBe(
      'bomb.zip: users.csv says it unpacks to 210 MB; the limit is 200 MB unpacked (GUARDPOST_MAX_UNZIPPED_MB)',
    );
    expect(growth).toBeLessThan(20 * MB);
  });

  it('refuses entries that fit alone but not together, before inflating', () => {
    const zip = buildTestZip([
      { name: 'users.csv', size: 80 * MB },
      { name: 'demographics.csv', size: 80 * MB },
      { name: 'orgs.csv', size: 80 * MB },
    ]);
    const error = refusal(() => unzipWithinLimits(zip, 'big.zip', zipLimitsFrom(undefined), everything));
    expect(error.code).toBe('ZipTooLarge');
    expect(error.message).toMatch(
      /^big\.zip: its files say they unpack to 240 MB together; the limit is 200 MB/,
    );
  });

  it('stops inflating a bomb whose headers lie about its size, holding little of it', () => {
    // Central and local headers both claim 1 kB; the content is 210 MB of one letter.
    const zip = buildTestZip([{ name: 'users.csv', size: 210 * MB, declaredSize: 1024 }]);
    let error: AppError | undefined;
    const growth = memoryGrowth(() => {
      error = refusal(() => unzipWithinLimits(zip, 'liar.zip', zipLimitsFrom(undefined), everything));
    });
    expect(error?.code).toBe('ZipTooLarge');
    expect(error?.message).toBe(
      'liar.zip: users.csv unpacks to more than the 1 kB it declares; the limit is 200 MB unpacked (GUARDPOST_MAX_UNZIPPED_MB)',
    );
    expect(growth).toBeLessThan(20 * MB);
  });

  it('stops at the ceiling when the real sizes together pass it, whatever was declared', () => {
    // Each entry is honest about being under the 2 MB ceiling alone, but the second one lies low.
    const zip = buildTestZip([
      { name: 'users.csv', size: 1.5 * MB },
      { name: 'orgs.csv', size: 50 * MB, declaredSize: 0.4 * MB },
    ]);
    const error = refusal(() => unzipWithinLimits(zip, 'x.zip', { maxUnpackedBytes: 2 * MB }, everything));
    expect(error.code).toBe('ZipTooLarge');
    expect(error.message).toMatch(/^x\.zip: orgs\.csv (unpacks to more than|takes the files past)/);
  });

  it('says a damaged or truncated file is not a readable zip', () => {
    const zip = zipSync({ 'users.csv': strToU8('a'.repeat(10_000)) });
    for (const bad of [strToU8('not a zip at all'), zip.subarray(0, zip.length - 10), zip.subarray(40)]) {
      expect(() => unzipWithinLimits(bad, 'bad.zip', zipLimitsFrom(undefined), everything)).toThrow(
        ZipFormatError,
      );
    }
  });
});
