import { constants, crc32, deflateRawSync } from 'node:zlib';

/** One entry of a hand-built zip: real content, or `size` repeated bytes that are never held whole. */
export interface TestZipEntry {
  name: string;
  content?: Uint8Array;
  /** Unpacked size of a synthetic entry of one repeated byte (a highly compressible "bomb"). */
  size?: number;
  /** The uncompressed size the local and central headers declare; the real size when not given. */
  declaredSize?: number;
}

const CHUNK = 1024 * 1024;

/**
 * Deflates an entry. A synthetic one is a megabyte of one letter compressed once with a full flush (which
 * makes the piece independent of what came before), repeated, then closed with an empty final block: a
 * valid stream of any size, built without ever holding the unpacked content.
 */
function deflateEntry(entry: TestZipEntry): { data: Uint8Array; crc: number; size: number } {
  if (entry.content)
    return { data: deflateRawSync(entry.content), crc: crc32(entry.content), size: entry.content.length };
  const size = entry.size ?? 0;
  const whole = Math.floor(size / CHUNK);
  const rest = size - whole * CHUNK;
  const block = Buffer.alloc(CHUNK, 0x61);
  const flushed = deflateRawSync(block, { finishFlush: constants.Z_FULL_FLUSH });
  const tail = deflateRawSync(block.subarray(0, rest));
  const data = Buffer.concat([...Array.from({ length: whole }, () => flushed), tail]);
  let crc = 0;
  for (let i = 0; i < whole; i++) crc = crc32(block, crc);
  crc = crc32(block.subarray(0, rest), crc);
  return { data, crc, size };
}

/**
 * A deflated zip built by hand, so tests can make entries whose headers lie about their size (which no zip
 * library will write) and bombs of hundreds of MB without allocating them.
 */
export function buildTestZip(entries: readonly TestZipEntry[]): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const { data, crc, size } = deflateEntry(entry);
    const declared = entry.declaredSize ?? size;
    const name = new TextEncoder().encode(entry.name);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, 8, true);
    lv.setUint32(14, crc >>> 0, true);
    lv.setUint32(18, data.length, true);
    lv.setUint32(22, declared, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, 8, true);
    cv.setUint32(16, crc >>> 0, true);
    cv.setUint32(20, data.length, true);
    cv.setUint32(24, declared, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local, data);
    centrals.push(central);
    offset += local.length + data.length;
  }
  const directorySize = centrals.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, directorySize, true);
  ev.setUint32(16, offset, true);
  const all = [...locals, ...centrals, end];
  const zip = new Uint8Array(all.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of all) {
    zip.set(part, at);
    at += part.length;
  }
  return zip;
}
