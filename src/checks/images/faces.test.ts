import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { checkSubject } from '../check-subject.js';
import { buildContext } from '../engine/testing/factories.js';
import { stripImageMetadata } from './check-images.js';
import { countFaces } from './faces.js';

// @vladmandic/human ships screenshots in its npm package; screenshot-faceid.jpg shows one adult's face (the
// library author's demo). It is read from node_modules, never copied into the repository.
const require = createRequire(import.meta.url);
const humanDir = path.dirname(path.dirname(require.resolve('@vladmandic/human')));
const facePhoto = path.join(humanDir, 'assets', 'screenshot-faceid.jpg');

async function photoWithFace(): Promise<Uint8Array> {
  // Re-encoded so the photo carries no metadata and only the face rules speak.
  return stripImageMetadata(new Uint8Array(await readFile(facePhoto)));
}

describe('face detection on a real photo (from the @vladmandic/human package)', () => {
  it('finds the face', async () => {
    const { data, info } = await sharp(await photoWithFace())
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(await countFaces({ data: new Uint8Array(data), width: info.width, height: info.height })).toBe(1);
  });

  it('finds no face in a plain image', async () => {
    const { data, info } = await sharp({
      create: { width: 320, height: 240, channels: 3, background: '#6699cc' },
    })
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(await countFaces({ data: new Uint8Array(data), width: info.width, height: info.height })).toBe(0);
  });

  it('image.faces advises and image.consent blocks when nobody is tagged or confirmed', async () => {
    const result = await checkSubject({ kind: 'post', images: [await photoWithFace()] }, buildContext());
    expect(result.findings.find((f) => f.rule === 'image.faces')).toMatchObject({
      severity: 'advice',
      imageIndex: 0,
    });
    expect(result.findings.find((f) => f.rule === 'image.consent')).toMatchObject({ severity: 'block' });
    expect(result.verdict).toBe('block');
  });

  it('passes when the author confirms no pupil can be identified, and blocks a name beside the faces', async () => {
    const images = [await photoWithFace()];
    const confirmed = await checkSubject(
      { kind: 'post', images, noIdentifiablePupils: true },
      buildContext(),
    );
    expect(confirmed.verdict).toBe('pass');
    const named = await checkSubject(
      { kind: 'post', images, noIdentifiablePupils: true, text: 'Well done Amelia' },
      buildContext(),
    );
    expect(named.findings.map((f) => f.rule)).toContain('image.named');
  });

  it('image.consent follows the tagged pupils’ consent', async () => {
    const images = [await photoWithFace()];
    const consents = new Map([['p1', { state: 'granted' as const }]]);
    const granted = await checkSubject(
      { kind: 'post', images, taggedPupils: ['p1'] },
      buildContext({ consents }),
    );
    expect(granted.findings.filter((f) => f.rule === 'image.consent')).toEqual([]);
    const missing = await checkSubject(
      { kind: 'post', images, taggedPupils: ['p1', 'p2'] },
      buildContext({ consents }),
    );
    expect(missing.findings.filter((f) => f.rule === 'image.consent')).toEqual([
      expect.objectContaining({ pupilId: 'p2', severity: 'block' }),
    ]);
  });
});
