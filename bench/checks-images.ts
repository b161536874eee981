import sharp from 'sharp';
import { checkSubject } from '../src/checks/check-subject.js';
import type { CheckContext } from '../src/checks/engine/types.js';
import { faceDetectorLoadMs, loadFaceDetector } from '../src/checks/images/faces.js';
import { type BenchRow, median, row } from './harness.js';

/** A synthetic 1024-px JPEG (gradient and shapes); we have no licensed face photos, so none contain faces. */
async function syntheticJpeg(seed: number): Promise<Uint8Array> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="768"><defs><linearGradient id="g"><stop offset="0" stop-color="#${(seed * 2654435761).toString(16).slice(-6).padStart(6, '3')}"/><stop offset="1" stop-color="#f0e0c0"/></linearGradient></defs><rect width="1024" height="768" fill="url(#g)"/><circle cx="${300 + seed * 20}" cy="300" r="120" fill="#d9a27a"/><rect x="600" y="350" width="200" height="300" fill="#335"/></svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer());
}

export async function imageBench(context: CheckContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  await loadFaceDetector();
  rows.push(
    row('checks', 'face model load (wasm, from node_modules)', faceDetectorLoadMs(), 'ms', '<= 3000'),
  );
  const images = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map(syntheticJpeg));
  for (const img of images.slice(0, 3)) await checkSubject({ kind: 'post', images: [img] }, context);
  const times: number[] = [];
  for (const img of images) {
    const t0 = performance.now();
    await checkSubject({ kind: 'post', text: 'Our science week', images: [img] }, context);
    times.push(performance.now() - t0);
  }
  rows.push(
    row(
      'checks',
      'photo check median per 1024-px JPEG after warm-up',
      median(times),
      'ms',
      '<= 150',
      'synthetic images without faces (no face photos available); detection still runs on each',
    ),
  );
  return rows;
}
