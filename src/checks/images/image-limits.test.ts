import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { prepareEvidence } from '../../concerns/concern-evidence.js';
import { AppError } from '../../platform/errors.js';
import { encodePhoto } from '../../posts/post-photos.js';
import { pngDeclaring } from '../engine/testing/factories.js';
import { analyseImage } from './check-images.js';
import { MAX_IMAGE_PIXELS, readImageHeader } from './image-limits.js';

async function refusal(run: () => Promise<unknown>): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the image to be refused');
}

describe('photo pixel limit', () => {
  const bomb = pngDeclaring(20_000, 20_000);

  it('says a 20000 × 20000 PNG of a few bytes is too large, and the limit, from its header', async () => {
    expect(bomb.length).toBeLessThan(200);
    const error = await refusal(() => readImageHeader(bomb, 'photo 1'));
    expect(error.code).toBe('ImageTooLarge');
    expect(error.message).toBe(
      'photo 1 is too large: 20000 × 20000 pixels (400 megapixels); the limit is 120 megapixels',
    );
  });

  it('refuses it the same way wherever a photo comes in: checks, posts, concern evidence', async () => {
    for (const run of [
      () => analyseImage(bomb, 0),
      () => encodePhoto(bomb, 0),
      () => prepareEvidence([{ name: 'screenshot.png', bytes: bomb }]),
    ]) {
      const error = await refusal(run);
      expect(error.code).toBe('ImageTooLarge');
      expect(error.message).toMatch(/is too large: 20000 × 20000 pixels .*the limit is 120 megapixels$/);
    }
  });

  it('takes a photo at the limit and still calls garbage unreadable', async () => {
    const side = Math.floor(Math.sqrt(MAX_IMAGE_PIXELS));
    const meta = await readImageHeader(pngDeclaring(side, side), 'photo 1');
    expect(meta.width).toBe(side);
    const real = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#4a7' } })
      .png()
      .toBuffer();
    expect((await readImageHeader(real, 'photo 1')).format).toBe('png');
    const garbage = await refusal(() => readImageHeader(Buffer.from('not an image'), 'photo 2'));
    expect(garbage.code).toBe('UnsupportedImageFormat');
  });
});
