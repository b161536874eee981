import type { HashMatch } from './follower-keys.js';

type RosterHashMap = Map<string, HashMatch[]>;

interface Entry {
  expiresAt: number;
  map: Promise<RosterHashMap>;
}

/**
 * Hashed roster maps per self-audit key, kept in the process for the key's hour so a list sent in several
 * requests is hashed once. Another process rebuilds its own; nothing here is shared or stored. A map being
 * built is shared too, so the build started when the check starts (`prepare`) serves its first question.
 */
export class SelfAuditMatchers {
  private readonly maps = new Map<string, Entry>();

  async get(keyId: string, expiresAt: Date, build: () => Promise<RosterHashMap>): Promise<RosterHashMap> {
    const found = this.fresh(keyId);
    if (found) {
      try {
        return await found.map;
      } catch {
        // The warm-up failed (its own handler has dropped it): build again, and let this request see why.
      }
    }
    const entry = this.remember(keyId, expiresAt, build());
    try {
      return await entry.map;
    } catch (error) {
      if (this.maps.get(keyId) === entry) this.maps.delete(keyId);
      throw error;
    }
  }

  /**
   * Starts building a key's map without waiting for it: the server hashes the roster while the browser
   * reads the export and hashes its keys, instead of after them. A failure is dropped quietly here; the
   * first question builds again and reports it.
   */
  prepare(keyId: string, expiresAt: Date, build: () => Promise<RosterHashMap>): void {
    if (this.fresh(keyId)) return;
    const entry = this.remember(keyId, expiresAt, build());
    entry.map.catch(() => {
      if (this.maps.get(keyId) === entry) this.maps.delete(keyId);
    });
  }

  private fresh(keyId: string): Entry | undefined {
    const now = Date.now();
    for (const [id, entry] of this.maps) if (entry.expiresAt < now) this.maps.delete(id);
    return this.maps.get(keyId);
  }

  private remember(keyId: string, expiresAt: Date, map: Promise<RosterHashMap>): Entry {
    // A handful of audits at once at most; the oldest goes first.
    if (this.maps.size >= 20) this.maps.delete(this.maps.keys().next().value as string);
    const entry = { expiresAt: expiresAt.getTime(), map };
    this.maps.set(keyId, entry);
    return entry;
  }
}
