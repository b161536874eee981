import exifr from 'exifr';
import type { Metadata } from 'sharp';
import { invalid } from '../../platform/errors.js';
import type { CheckContext, RawFinding, Subject } from '../types.js';
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

function consentHolds(pupilId: string, context: CheckContext): boolean {
  const consent = context.consents.get(pupilId);
  if (consent?.state !== 'granted') return false;
  return consent.expiresOn === undefined || consent.expiresOn >= context.today;
}

/**
 * What one photo shows on its own, whatever the post and the school: hidden metadata and the number of
 * faces. Deterministic for the same bytes, so a caller may cache it by the photo's hash.
 */
export interface ImageAnalysis {
  /** The metadata finding, without a photo index (the caller adds the photo's place in the post). */
  metadata: Omit<RawFinding, 'imageIndex'> | undefined;
  faces: number;
}

export type AnalyseImage = (bytes: Uint8Array, index: number) => Promise<ImageAnalysis>;

/** Reads one photo's metadata and counts its faces (about 40 ms for the face detector). */
export async function analyseImage(bytes: Uint8Array, index: number): Promise<ImageAnalysis> {
  const meta = await describe(bytes, index);
  const gps = meta.exif ? await exifr.gps(Buffer.from(bytes)).catch(() => undefined) : undefined;
  const metadata: ImageAnalysis['metadata'] =
    gps || meta.exif || meta.xmp || meta.iptc
      ? {
          rule: 'image.location',
          severity: 'block',
          message: gps
            ? 'The photo carries GPS coordinates of where it was taken.'
            : 'The photo carries metadata (EXIF, XMP or IPTC) that may identify people or places.',
          part: 'image',
          suggestion:
            'Attach the photo to a post in Guardpost, which saves it without this information, or save a copy without it before publishing elsewhere.',
        }
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

/**
 * Image rules for clause 2.4: metadata, faces, written consent of tagged pupils, names beside photos.
 * `analyse` may be a cached version of `analyseImage` (the posts keep one per photo hash).
 */
export async function checkImages(
  images: readonly Uint8Array[],
  subject: Subject,
  context: CheckContext,
  namedInText: boolean,
  analyse: AnalyseImage = analyseImage,
): Promise<RawFinding[]> {
  const findings: RawFinding[] = [];
  let anyFaces = false;
  for (const [index, bytes] of images.entries()) {
    const { metadata, faces } = await analyse(bytes, index);
    if (metadata) findings.push({ ...metadata, imageIndex: index });
    if (faces > 0) {
      anyFaces = true;
      findings.push({
        rule: 'image.faces',
        severity: 'advice',
        message: `${faces} face${faces === 1 ? '' : 's'} found in the photo.`,
        part: 'image',
        imageIndex: index,
      });
    }
  }
  const tagged = subject.taggedPupils ?? [];
  // Tagging is the author saying "this child is in the photo": consent is checked for every tagged pupil
  // whether or not the detector saw a face (it misses profiles, backs of heads, small faces).
  for (const pupilId of tagged) {
    if (!consentHolds(pupilId, context)) {
      findings.push({
        rule: 'image.consent',
        severity: 'block',
        message: 'A tagged pupil has no current written consent for social media.',
        part: 'tags',
        pupilId,
      });
    }
  }
  if (!anyFaces) return findings;
  if (tagged.length === 0 && !subject.noIdentifiablePupils) {
    findings.push({
      rule: 'image.consent',
      severity: 'block',
      message:
        'Faces are shown but no pupils are tagged and nobody confirmed that no pupil can be identified.',
      part: 'tags',
    });
  }
  if (namedInText) {
    findings.push({
      rule: 'image.named',
      severity: 'block',
      message: 'A pupil is named in the text of a post with photos of children.',
      part: 'text',
    });
  }
  return findings;
}
