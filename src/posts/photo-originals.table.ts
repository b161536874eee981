import type { ColumnType } from 'kysely';

/** A school's posting settings; no row means the defaults (originals not kept). */
export interface PostSchoolSettingsTable {
  school_id: string;
  keep_photo_originals: boolean;
  updated_at: Date;
  updated_by_staff_id: string | null;
}

/**
 * The original upload of a post photo, kept only when the school asks. It carries location and camera
 * data, so it is sealed with its own data key (wrapped by the master key, re-wrapped by `keys rotate`).
 */
export interface PostPhotoOriginalTable {
  photo_id: string;
  school_id: string;
  data_key_id: string;
  media_type: string;
  size_bytes: number;
  /** bytea, sealed: a Buffer on PostgreSQL, a Uint8Array on PGlite. */
  content: ColumnType<Uint8Array, Uint8Array, Uint8Array>;
  created_at: Date;
}
