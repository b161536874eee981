import type { HashMatch } from './follower-keys.js';

/**
 * Hashed roster maps per self-audit key, kept in the process for the key's hour so a list sent in several
 * requests is hashed once. Another process rebuilds its own; nothing here is shared or stored.
 */
export class SelfAuditMatchers {
  private readonly maps = new Map<string, { expiresAt: number; map: Map<string, HashMatch[]> }>();

  async get(keyId: string, expiresAt: Date, build: () => Promise<Map<string, HashMatch[]>>) {
    const now = Date.now();
    for (const [id, entry] of this.maps) if (entry.expiresAt < now) this.maps.delete(id);
    const found = this.maps.get(keyId);
    if (found) return found.map;
    const map = await build();
    // A handful of audits at once at most; the oldest goes first.
    if (this.maps.size >= 20) this.maps.delete(this.maps.keys().next().value as string);
    this.maps.set(keyId, { expiresAt: expiresAt.getTime(), map });
    return map;
  }
}
