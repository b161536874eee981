import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { checkSubject } from '../check-subject.js';
import { buildContext } from '../engine/testing/factories.js';
import { stripImageMetadata } from './check-images.js';

async function jpeg(withExif: boolean): Promise<Uint8Array> {
  let img = sharp({ create: { width: 320, height: 240, channels: 3, background: '#6699cc' } }).jpeg();
  if (withExif) img = img.withExif({ IFD0: { Make: 'TestCam', Artist: 'Generated' } });
  return new Uint8Array(await img.toBuffer());
}

describe('image rules', () => {
  it('image.location blocks photos with metadata and the fix removes it', async () => {
    const context = buildContext();
    const withMeta = await jpeg(true);
    const result = await checkSubject({ kind: 'post', images: [withMeta] }, context);
    expect(result.findings.find((f) => f.rule === 'image.location')).toMatchObject({
      severity: 'block',
      clause: '2.4',
      imageIndex: 0,
    });
    // What the author reads names no library or function: people act on sentences, not identifiers.
    for (const finding of result.findings) {
      const words = `${finding.message} ${finding.suggestion ?? ''}`;
      expect(words).not.toMatch(/\b[a-z]+[A-Z]\w*\b|\bsharp\b/);
    }
    const cleaned = await stripImageMetadata(withMeta);
    const after = await checkSubject({ kind: 'post', images: [cleaned] }, context);
    expect(after.findings.filter((f) => f.rule === 'image.location')).toEqual([]);
  });

  it('a photo without faces or metadata passes, and a name in its text blocks (child named in a photo)', async () => {
    const context = buildContext();
    const clean = await jpeg(false);
    expect((await checkSubject({ kind: 'post', images: [clean] }, context)).verdict).toBe('pass');
    const named = await checkSubject({ kind: 'post', text: 'Well done Amelia', images: [clean] }, context);
    expect(named.findings.find((f) => f.rule === 'pupil.name')?.severity).toBe('block');
  });

  it('HEIC and unreadable files get a clear typed error', async () => {
    const heicHeader = new Uint8Array([
      0, 0, 0, 24, 0x66, 0x74, 0x79, 0x70, 0x68, 0x65, 0x69, 0x63, 0, 0, 0, 0, 0x6d, 0x69, 0x66, 0x31, 0x68,
      0x65, 0x69, 0x63,
    ]);
    await expect(checkSubject({ kind: 'post', images: [heicHeader] }, buildContext())).rejects.toMatchObject({
      code: 'UnsupportedImageFormat',
    });
    await expect(
      checkSubject({ kind: 'post', images: [new Uint8Array([1, 2, 3])] }, buildContext()),
    ).rejects.toMatchObject({ code: 'UnsupportedImageFormat' });
  });
});
