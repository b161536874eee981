import { inflateRawSync } from 'node:zlib';
import { invalid } from '../errors.js';
import { DEFAULT_MAX_UNZIPPED_MB, formatBytes } from './limits.js';

/**
 * Unpacks a zip with a ceiling on what it may unpack to, because a few hundred kB of zip can claim (or hold)
 * hundreds of MB. The central directory's declared sizes are checked against the ceiling before anything
 * is inflated; then each entry is inflated with a running count of its output, and refused as soon as it
 * passes its declared size or the ceiling, since declared sizes are whatever the sender wrote.
 */

export interface ZipLimits {
  /** The most all accepted entries together may unpack to; no one entry may pass it either. */
  maxUnpackedBytes: number;
}

/** The limits from the configured GUARDPOST_MAX_UNZIPPED_MB (`Config.maxUnzippedBytes`), or the default. */
export function zipLimitsFrom(maxUnzippedBytes: number | undefined): ZipLimits {
  return { maxUnpackedBytes: maxUnzippedBytes ?? DEFAULT_MAX_UNZIPPED_MB * 1024 * 1024 };
}

export interface ZipEntry {
  name: string;
  bytes: Uint8Array;
}

/** A zip that is not one, or uses what Guardpost does not read (encryption, zip64, other compression). */
export class ZipFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipFormatError';
  }
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

interface CentralEntry {
  name: string;
  method: number;
  encrypted: boolean;
  compressedSize: number;
  declaredSize: number;
  localOffset: number;
}

function readCentralDirectory(zip: Uint8Array): CentralEntry[] {
  try {
    return readCentralRecords(zip);
  } catch (error) {
    // A truncated or made-up directory reads past the end of the buffer.
    if (error instanceof RangeError) throw new ZipFormatError('is not a readable zip file');
    throw error;
  }
}

function readCentralRecords(zip: Uint8Array): CentralEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  // The end record sits in the last 22 bytes plus a comment of up to 64 kB.
  let eocd = -1;
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === EOCD_SIGNATURE) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError('is not a readable zip file');
  const count = view.getUint16(eocd + 10, true);
  const directorySize = view.getUint32(eocd + 12, true);
  const directoryOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || directoryOffset === 0xffffffff)
    throw new ZipFormatError('is a zip64 file, which Guardpost does not read: zip the files again');
  if (directoryOffset + directorySize > eocd) throw new ZipFormatError('is not a readable zip file');
  const entries: CentralEntry[] = [];
  let at = directoryOffset;
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i++) {
    if (at + 46 > eocd || view.getUint32(at, true) !== CENTRAL_SIGNATURE)
      throw new ZipFormatError('is not a readable zip file');
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    entries.push({
      name: decoder.decode(zip.subarray(at + 46, at + 46 + nameLength)),
      encrypted: (view.getUint16(at + 8, true) & 1) === 1,
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      declaredSize: view.getUint32(at + 24, true),
      localOffset: view.getUint32(at + 42, true),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function entryData(zip: Uint8Array, entry: CentralEntry): Uint8Array {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const at = entry.localOffset;
  if (at + 30 > zip.length || view.getUint32(at, true) !== LOCAL_SIGNATURE)
    throw new ZipFormatError('is not a readable zip file');
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > zip.length) throw new ZipFormatError('is not a readable zip file');
  return zip.subarray(start, end);
}

function tooLarge(zipName: string, entry: string, what: string, limit: number): Error {
  return invalid(
    'ZipTooLarge',
    `${zipName}: ${entry} ${what}; the limit is ${formatBytes(limit)} unpacked (GUARDPOST_MAX_UNZIPPED_MB)`,
  );
}

/**
 * The entries `select` picks from the zip's file names, unpacked; only they count towards the limit. Throws `ZipTooLarge` (an invalid AppError naming the zip, the entry
 * and the limit) before inflating when declared sizes pass the limit, and while inflating when the real
 * size passes the declared size or the limit; `ZipFormatError` when the file is not a zip Guardpost reads.
 */
export function unzipWithinLimits(
  zip: Uint8Array,
  zipName: string,
  limits: ZipLimits,
  select: (entryNames: readonly string[]) => readonly string[],
): ZipEntry[] {
  const max = limits.maxUnpackedBytes;
  const files = readCentralDirectory(zip).filter((e) => !e.name.endsWith('/'));
  const picked = new Set(select(files.map((e) => e.name)));
  const wanted = files.filter((e) => picked.has(e.name));
  let declaredTotal = 0;
  for (const entry of wanted) {
    if (entry.declaredSize > max)
      throw tooLarge(zipName, entry.name, `says it unpacks to ${formatBytes(entry.declaredSize)}`, max);
    declaredTotal += entry.declaredSize;
  }
  if (declaredTotal > max)
    throw tooLarge(zipName, 'its files', `say they unpack to ${formatBytes(declaredTotal)} together`, max);

  const out: ZipEntry[] = [];
  let unpackedTotal = 0;
  for (const entry of wanted) {
    if (entry.encrypted) throw new ZipFormatError(`${entry.name} is encrypted: zip it without a password`);
    const data = entryData(zip, entry);
    // A declared size is a promise: one byte past it is a lie, and the total ceiling holds regardless.
    const allowed = Math.min(entry.declaredSize, max - unpackedTotal);
    const refuse = (size: number) =>
      size > entry.declaredSize
        ? tooLarge(
            zipName,
            entry.name,
            `unpacks to more than the ${formatBytes(entry.declaredSize)} it declares`,
            max,
          )
        : tooLarge(zipName, entry.name, `takes the files past ${formatBytes(max)} unpacked`, max);
    let bytes: Uint8Array;
    if (entry.method === 0) {
      if (data.length > allowed) throw refuse(data.length);
      bytes = data.slice();
    } else if (entry.method === 8) {
      bytes = inflateWithin(data, allowed, refuse);
    } else {
      throw new ZipFormatError(`${entry.name} uses a compression Guardpost does not read: use ordinary zip`);
    }
    unpackedTotal += bytes.length;
    out.push({ name: entry.name, bytes });
  }
  return out;
}

/**
 * Inflates with zlib's own running count: `maxOutputLength` makes it stop (ERR_BUFFER_TOO_LARGE) once the
 * output passes `allowed`, having held at most one 16 kB chunk more. fflate's streaming inflater did the
 * same in small steps but took 15 s where this takes about one for a 34 MB users.csv.
 */
function inflateWithin(data: Uint8Array, allowed: number, refuse: (size: number) => Error): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = inflateRawSync(data, { maxOutputLength: Math.max(1, allowed) });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw refuse(allowed + 1);
    throw new ZipFormatError('is not a readable zip file');
  }
  if (bytes.length > allowed) throw refuse(bytes.length);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}
