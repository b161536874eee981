import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { analyseImage } from '../checks/images/check-images.js';
import { PhotoAnalysisCache } from './photo-analysis-cache.js';

const photo = (background: string) =>
  sharp({ create: { width: 48, height: 32, channels: 3, background } })
    .jpeg()
    .toBuffer();

describe('PhotoAnalysisCache', () => {
  it('analyses the same bytes once and gives what analyseImage gives', async () => {
    const cache = new PhotoAnalysisCache();
    const bytes = new Uint8Array(await photo('#3a6'));
    const first = await cache.analyse(bytes, 0);
    const second = await cache.analyse(new Uint8Array(bytes), 3);
    expect(cache.analysed).toBe(1);
    expect(second).toEqual(first);
    expect(first).toEqual(await analyseImage(bytes, 0));
  });

  it('keeps at most its limit, dropping the least recently used', async () => {
    const cache = new PhotoAnalysisCache(2);
    const [a, b, c] = await Promise.all(['#111', '#222', '#333'].map(photo));
    await cache.analyse(new Uint8Array(a as Buffer), 0);
    await cache.analyse(new Uint8Array(b as Buffer), 0);
    await cache.analyse(new Uint8Array(a as Buffer), 0); // a is now the most recently used
    await cache.analyse(new Uint8Array(c as Buffer), 0); // b goes
    expect(cache.size).toBe(2);
    expect(cache.analysed).toBe(3);
    await cache.analyse(new Uint8Array(a as Buffer), 0);
    expect(cache.analysed).toBe(3);
    await cache.analyse(new Uint8Array(b as Buffer), 0);
    expect(cache.analysed).toBe(4);
  });

  it('does not keep a failed analysis', async () => {
    const cache = new PhotoAnalysisCache();
    const junk = new TextEncoder().encode('not a photo');
    await expect(cache.analyse(junk, 1)).rejects.toMatchObject({ code: 'UnsupportedImageFormat' });
    expect(cache.size).toBe(0);
  });
});
