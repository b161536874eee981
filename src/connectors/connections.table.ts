import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export type ConnectionStatus = 'connected' | 'failed' | 'disconnected';

/**
 * One sanctioned account's live connection to its platform's API. The tokens are sealed (their own data
 * key, wrapped by the master key) and opened only by `openConnection`; `token_expires_at` stays plain so
 * the refresh job can find tokens about to expire without opening any.
 */
export interface PlatformConnectionTable {
  id: Generated<string>;
  account_id: string;
  school_id: string;
  platform: string;
  /** The API base: a Mastodon instance, a Bluesky PDS, or the platform's own API address. */
  base_url: string;
  platform_account_id: string;
  handle: string;
  credentials_key_id: string | null;
  credentials_sealed: Buffer | null;
  token_expires_at: Date | null;
  status: ConnectionStatus;
  /** Why the connection last failed, in a plain sentence (never a token). */
  last_error: string | null;
  connected_by_staff_id: string | null;
  connected_at: Date;
  disconnected_at: Date | null;
  failed_at: Date | null;
  last_used_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type PlatformConnectionRow = Selectable<PlatformConnectionTable>;
export type NewPlatformConnectionRow = Insertable<PlatformConnectionTable>;
export type PlatformConnectionUpdate = Updateable<PlatformConnectionTable>;
