import type { CheckContext, RawFinding, Subject } from '../types.js';

/** Placeholder until the image rules land: reports nothing. */
export async function checkImages(
  _images: readonly Uint8Array[],
  _subject: Subject,
  _context: CheckContext,
  _namedInText: boolean,
): Promise<RawFinding[]> {
  return [];
}
