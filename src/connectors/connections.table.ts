import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

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
  /** When the daily profile check last read the profile through the API, whatever it found. */
  profile_read_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type PlatformConnectionRow = Selectable<PlatformConnectionTable>;
export type NewPlatformConnectionRow = Insertable<PlatformConnectionTable>;
export type PlatformConnectionUpdate = Updateable<PlatformConnectionTable>;

export type PublicationStatus = 'scheduled' | 'publishing' | 'published' | 'failed';

/** One post revision published through its account's connector (unique per revision). */
export interface PostPublicationTable {
  id: Generated<string>;
  school_id: string;
  post_id: string;
  revision: number;
  account_id: string;
  platform: string;
  idempotency_key: string;
  status: PublicationStatus;
  scheduled_for: Date | null;
  alt_texts: ColumnType<Record<string, string>, string, string>;
  requested_by_staff_id: string;
  platform_post_id: string | null;
  url: string | null;
  archive_id: string | null;
  attempts: Generated<number>;
  last_error: string | null;
  last_error_code: string | null;
  published_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** An OAuth connection in progress (state hashed; a per-instance app sealed). */
export interface ConnectionOauthStateTable {
  state_hash: string;
  school_id: string;
  account_id: string;
  staff_id: string;
  platform: string;
  base_url: string;
  redirect_uri: string;
  app_key_id: string | null;
  app_sealed: Buffer | null;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
}

/** Where on a profile the AUP link was found: the bio, a link field, or a link field the platform verified. */
export type AupLinkPlace = 'bio' | 'link' | 'verified_link';

/** A profile as read through the API; one row per read that found a change (and the first read). */
export interface ConnectionProfileTable {
  id: Generated<string>;
  school_id: string;
  account_id: string;
  display_name: string;
  bio: string;
  links: ColumnType<{ label: string; url: string; verified?: boolean }[], string, string>;
  avatar_url: string | null;
  changed_fields: ColumnType<string[], string, string>;
  aup_link: 'found' | 'not_found';
  official_email: 'found' | 'not_found';
  /** Where the AUP link was found (the strongest place when it is in several); null when not found. */
  aup_link_found_in: AupLinkPlace | null;
  read_at: Date;
}

export type PostPublicationRow = Selectable<PostPublicationTable>;
export type ConnectionProfileRow = Selectable<ConnectionProfileTable>;
export type NewConnectionProfileRow = Insertable<ConnectionProfileTable>;
