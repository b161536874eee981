import type { MultipartFile } from '@fastify/multipart';
import { invalid } from '../errors.js';
import { formatBytes } from '../uploads/limits.js';

/**
 * An uploaded file part's bytes, refused with `code` and a sentence naming the file and the limit once it
 * passes `maxBytes`. The multipart plugin stops reading at its `fileSize` limit (set to the same figure),
 * so nothing past the limit is buffered; this only turns its anonymous 413 into a clear refusal.
 */
export async function uploadedFileBytes(
  part: MultipartFile,
  maxBytes: number,
  code: string,
): Promise<Buffer> {
  const name = part.filename || part.fieldname;
  const refuse = () =>
    invalid(code, `${name} is larger than ${formatBytes(maxBytes)}, the limit for this upload`);
  let bytes: Buffer;
  try {
    bytes = await part.toBuffer();
  } catch (error) {
    if ((error as { code?: unknown }).code === 'FST_REQ_FILE_TOO_LARGE') throw refuse();
    throw error;
  }
  if (part.file.truncated || bytes.length > maxBytes) throw refuse();
  return bytes;
}

/** A file sent inside a JSON body (base64 or text), held to the same limit as the multipart upload. */
export function jsonFileBytes(
  file: { name: string; content: string; encoding: 'utf8' | 'base64' },
  maxBytes: number,
  code: string,
): Buffer {
  // Checked from the encoded length first, so an oversized file is refused before it is decoded.
  const estimate =
    file.encoding === 'base64' ? Math.floor((file.content.length * 3) / 4) : file.content.length;
  const tooLarge = () =>
    invalid(code, `${file.name} is larger than ${formatBytes(maxBytes)}, the limit for this upload`);
  if (estimate > maxBytes + 3) throw tooLarge();
  const bytes =
    file.encoding === 'base64' ? Buffer.from(file.content, 'base64') : Buffer.from(file.content, 'utf8');
  if (bytes.length > maxBytes) throw tooLarge();
  return bytes;
}
