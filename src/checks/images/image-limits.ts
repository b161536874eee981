import sharp, { type Metadata, type Sharp, type SharpOptions } from 'sharp';
import { invalid } from '../../platform/errors.js';

/** The largest photo file Guardpost takes, in bytes (a phone's full-size JPEG is a few MB). */
export const MAX_IMAGE_BYTES = 15 * 1024 * 1024;

/**
 * The most pixels a photo may have. Decoding costs about 4 bytes a pixel whatever the file size, and a
 * PNG of a few hundred bytes can declare 20000 × 20000; 120 megapixels takes a 108-megapixel phone photo
 * and keeps one decode under half a GB.
 */
export const MAX_IMAGE_PIXELS = 120_000_000;

function megapixels(pixels: number): string {
  return `${Math.round(pixels / 1_000_000)} megapixels`;
}

/**
 * Reads a photo's header only (format and declared dimensions, no pixels decoded) and refuses it with
 * `ImageTooLarge` when it declares more than MAX_IMAGE_PIXELS, or `UnsupportedImageFormat` when it is no
 * image sharp reads. `label` names the photo in the message ("photo 2").
 */
export async function readImageHeader(bytes: Uint8Array, label: string): Promise<Metadata> {
  let meta: Metadata;
  try {
    // sharp's own pixel limit would refuse an oversized image here as unreadable; the header is all that
    // is read, so it is lifted and the size is judged below with a message that says what is wrong.
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw invalid(
      'UnsupportedImageFormat',
      `${label} is not an image Guardpost can read (use JPEG, PNG or WebP)`,
    );
  }
  // One frame: sharp decodes only the first page of an animation unless asked for more.
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  const pixels = width * height;
  if (pixels > MAX_IMAGE_PIXELS)
    throw invalid(
      'ImageTooLarge',
      `${label} is too large: ${width} × ${height} pixels (${megapixels(pixels)}); the limit is ${megapixels(MAX_IMAGE_PIXELS)}`,
    );
  return meta;
}

/** sharp over uploaded bytes with the pixel limit enforced again while decoding, should a header lie. */
export function openUploadedImage(bytes: Uint8Array, options: SharpOptions = {}): Sharp {
  return sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, ...options });
}
