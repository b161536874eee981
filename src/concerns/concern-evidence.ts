import { createHash } from 'node:crypto';
import { openUploadedImage, readImageHeader } from '../checks/images/image-limits.js';
import { invalid, isAppError } from '../platform/errors.js';

export const MAX_EVIDENCE_FILES = 5;
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;

/** What evidence may be: screenshots and photos, PDFs, plain-text or CSV exports, and zip exports. */
export const allowedEvidenceTypes = [
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/gif',
  'application/pdf',
  'text/plain',
  'application/zip',
] as const;
export type EvidenceMediaType = (typeof allowedEvidenceTypes)[number];

export interface EvidenceUpload {
  name: string;
  bytes: Buffer;
}

export interface PreparedEvidence {
  name: string;
  mediaType: EvidenceMediaType;
  size: number;
  sha256: string;
  original: Buffer;
  /** Images only: re-encoded without EXIF, GPS or other metadata, for viewing. */
  viewingCopy: Buffer | null;
  viewingMediaType: string | null;
}

const startsWith = (bytes: Buffer, signature: number[], offset = 0) =>
  signature.every((b, i) => bytes[offset + i] === b);

/** The type from the file's own bytes; the name and the browser's claim are not trusted. */
export function sniffMediaType(bytes: Buffer): EvidenceMediaType | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'image/gif';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8))
    return 'image/webp';
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'application/zip';
  if (bytes.length > 0 && !bytes.includes(0)) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      return 'text/plain';
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * Checks limits and type, hashes the original as received (SHA-256), and for images makes a viewing copy
 * with metadata stripped (orientation applied first, so the picture still looks right).
 */
export async function prepareEvidence(files: readonly EvidenceUpload[]): Promise<PreparedEvidence[]> {
  if (files.length > MAX_EVIDENCE_FILES)
    throw invalid('TooManyEvidenceFiles', `attach at most ${MAX_EVIDENCE_FILES} files to one report`);
  const prepared: PreparedEvidence[] = [];
  for (const [index, file] of files.entries()) {
    const label = `file ${index + 1}`;
    if (file.bytes.length === 0) throw invalid('EvidenceEmpty', `${label} is empty`);
    if (file.bytes.length > MAX_EVIDENCE_BYTES)
      throw invalid(
        'EvidenceTooLarge',
        `${label} is ${(file.bytes.length / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_EVIDENCE_BYTES / 1024 / 1024} MB per file`,
      );
    const mediaType = sniffMediaType(file.bytes);
    if (!mediaType)
      throw invalid(
        'EvidenceTypeNotAllowed',
        `${label} is not a type Guardpost keeps: send a screenshot or photo (PNG, JPEG, WebP, GIF), a PDF, a text export or a zip`,
      );
    let viewingCopy: Buffer | null = null;
    let viewingMediaType: string | null = null;
    if (mediaType.startsWith('image/')) {
      // Too many pixels is said as such, before any decoding; any other unreadable image below.
      await readImageHeader(file.bytes, label).catch((error: unknown) => {
        if (isAppError(error) && error.code === 'ImageTooLarge') throw error;
      });
      try {
        // sharp writes no metadata unless asked to; gif becomes png (first frame) for viewing.
        const image = openUploadedImage(file.bytes, { failOn: 'error' }).rotate();
        if (mediaType === 'image/jpeg') viewingCopy = await image.jpeg({ quality: 90 }).toBuffer();
        else if (mediaType === 'image/webp') viewingCopy = await image.webp().toBuffer();
        else viewingCopy = await image.png().toBuffer();
        viewingMediaType = mediaType === 'image/gif' ? 'image/png' : mediaType;
      } catch {
        throw invalid('EvidenceUnreadable', `${label} looks like an image but cannot be read`);
      }
    }
    prepared.push({
      name: file.name.slice(0, 200) || label,
      mediaType,
      size: file.bytes.length,
      sha256: createHash('sha256').update(file.bytes).digest('hex'),
      original: file.bytes,
      viewingCopy,
      viewingMediaType,
    });
  }
  return prepared;
}
