import { createHash } from 'node:crypto';
import type { ImageAnalysis } from '../checks/images/check-images.js';

const DEFAULT_LIMIT = 200;

/**
 * A post's photos are immutable bytes, so what one photo shows (metadata, number of faces) is worked out
 * once per SHA-256 and kept in a small in-memory map, oldest out first: the draft check that runs as the
 * author types does not run face detection (about 40 ms a photo) again on every keystroke. Only the
 * analysis of the photo is kept, never the photo; the rules that depend on the post (tags, consent, names)
 * run every time. A failed analysis is not kept.
 */
export class PhotoAnalysisCache {
  private readonly entries = new Map<string, Promise<ImageAnalysis>>();
  private misses = 0;

  constructor(private readonly limit = DEFAULT_LIMIT) {}

  /** How many photos were analysed rather than found in the cache (for tests). */
  get analysed(): number {
    return this.misses;
  }

  get size(): number {
    return this.entries.size;
  }

  readonly analyse = async (bytes: Uint8Array, index: number): Promise<ImageAnalysis> => {
    const key = createHash('sha256').update(bytes).digest('hex');
    const known = this.entries.get(key);
    if (known) {
      // Most recently used moves to the end; the oldest is at the start of the map.
      this.entries.delete(key);
      this.entries.set(key, known);
      return known;
    }
    this.misses++;
    const pending = (async () => {
      const { analyseImage } = await import('../checks/images/check-images.js');
      return analyseImage(bytes, index);
    })();
    this.entries.set(key, pending);
    while (this.entries.size > this.limit) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    pending.catch(() => {
      if (this.entries.get(key) === pending) this.entries.delete(key);
    });
    return pending;
  };
}
