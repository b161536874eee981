import { gzipSync } from 'node:zlib';

function header(name: string, size: number, type: '0' | '5' | 'L'): Buffer {
  const block = Buffer.alloc(512);
  block.write(name.slice(0, 100), 0, 'utf8');
  block.write('0000644\0', 100, 'ascii');
  block.write('0000000\0', 108, 'ascii');
  block.write('0000000\0', 116, 'ascii');
  block.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'ascii');
  block.write('00000000000\0', 136, 'ascii');
  block.write('        ', 148, 'ascii');
  block.write(type, 156, 'ascii');
  block.write('ustar\0', 257, 'ascii');
  block.write('00', 263, 'ascii');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return block;
}

function padded(data: Buffer): Buffer {
  const padding = (512 - (data.length % 512)) % 512;
  return Buffer.concat([data, Buffer.alloc(padding)]);
}

/**
 * A gzipped tar archive of these files, as GNU tar writes one (folders first; a GNU long-name entry for
 * paths over 100 bytes), for tests of the block list download. Built here so no test needs the network.
 */
export function buildTarGz(files: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  const folders = new Set<string>();
  for (const name of Object.keys(files)) {
    const segments = name.split('/');
    for (let i = 1; i < segments.length; i += 1) folders.add(`${segments.slice(0, i).join('/')}/`);
  }
  for (const folder of [...folders].sort()) parts.push(header(folder, 0, '5'));
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.from(content, 'utf8');
    if (Buffer.byteLength(name) > 100) {
      const long = Buffer.from(`${name}\0`, 'utf8');
      parts.push(header('././@LongLink', long.length, 'L'), padded(long));
    }
    parts.push(header(name, data.length, '0'), padded(data));
  }
  parts.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(parts));
}
