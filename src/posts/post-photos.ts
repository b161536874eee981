import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { stripImageMetadata } from '../checks/images/check-images.js';
import { readImageHeader } from '../checks/images/image-limits.js';
import { invalid } from '../platform/errors.js';

const supported = new Set(['jpeg', 'png', 'webp', 'gif', 'tiff']);
const THUMBNAIL_SIZE = 240;

export interface EncodedPhoto {
  /** The re-encoded photo, without EXIF, XMP, IPTC or GPS: the copy posted (the only one, by default). */
  content: Buffer;
  sha256: string;
  /** A small JPEG for the approval queue and the archive. */
  thumbnail: Buffer;
  width: number;
  height: number;
}

/**
 * Re-encodes an uploaded photo without metadata and makes its thumbnail. The original is not kept here: only
 * when the school asks, sealed, by `keepPhotoOriginals` (photo-originals.ts).
 */
export async function encodePhoto(bytes: Uint8Array, index: number): Promise<EncodedPhoto> {
  const { format } = await readImageHeader(bytes, `photo ${index + 1}`);
  if (!format || !supported.has(format))
    throw invalid(
      'UnsupportedImageFormat',
      `photo ${index + 1} is ${format ?? 'unknown'}: use JPEG, PNG or WebP`,
    );
  const content = Buffer.from(await stripImageMetadata(bytes));
  const meta = await sharp(content).metadata();
  const thumbnail = await sharp(content)
    .resize({ width: THUMBNAIL_SIZE, height: THUMBNAIL_SIZE, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 70 })
    .toBuffer();
  return {
    content,
    sha256: createHash('sha256').update(content).digest('hex'),
    thumbnail,
    width: meta.width ?? 0,
    height: meta.height ?? 0,
  };
}
