import exifr from 'exifr';
import type { Metadata } from 'sharp';
import { invalid } from '../../platform/errors.js';
import type { AnalyseImage, ImageAnalysis } from '../engine/rules/images.js';
import { countFaces } from './faces.js';
import { openUploadedImage, readImageHeader } from './image-limits.js';

const supported = new Set(['jpeg', 'png', 'webp', 'gif', 'tiff']);

const detectionSize = 512;

/** Re-encodes a photo without any metadata (GPS, camera, names): the fix offered for `image.location`. */
export async function stripImageMetadata(bytes: Uint8Array): Promise<Uint8Array> {
  // rotate() applies the EXIF orientation before the metadata (and the orientation tag) is dropped.
  return new Uint8Array(await openUploadedImage(bytes).rotate().toBuffer());
}

async function describe(bytes: Uint8Array, index: number) {
  const meta: Metadata = await readImageHeader(bytes, `photo ${index + 1}`);
  if (meta.format === 'heif')
    throw invalid('UnsupportedImageFormat', `photo ${index + 1} is HEIC/HEIF: export it as JPEG first`);
  if (!meta.format || !supported.has(meta.format))
    throw invalid(
      'UnsupportedImageFormat',
      `photo ${index + 1} is ${meta.format ?? 'unknown'}: use JPEG, PNG or WebP`,
    );
  return meta;
}

export type { AnalyseImage, ImageAnalysis };

/** Reads one photo's metadata and counts its faces (about 40 ms for the face detector). */
export async function analyseImage(bytes: Uint8Array, index: number): Promise<ImageAnalysis> {
  const meta = await describe(bytes, index);
  const gps = meta.exif ? await exifr.gps(Buffer.from(bytes)).catch(() => undefined) : undefined;
  const metadata: ImageAnalysis['metadata'] = gps
    ? 'gps'
    : meta.exif || meta.xmp || meta.iptc
      ? 'other'
      : undefined;
  const { data, info } = await openUploadedImage(bytes)
    .rotate()
    // The detector looks at a 256-px square: 512 px keeps small faces well above that and makes the
    // decode, the copy into the tensor and the detector's own resize four times cheaper than 1024 px.
    .resize({ width: detectionSize, height: detectionSize, fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const faces = await countFaces({ data: new Uint8Array(data), width: info.width, height: info.height });
  return { metadata, faces };
}
