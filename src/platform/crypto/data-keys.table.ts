import type { Generated, Selectable } from 'kysely';

/** One row per encrypted record or file: its data key, wrapped by a master key. */
export interface DataKeyTable {
  id: string;
  school_id: string;
  master_key_id: string;
  wrapped_key: Buffer;
  created_at: Date;
  rewrapped_at: Date | null;
  /** Only for ordering the rotation scan. */
  seq: Generated<string>;
}

export type DataKeyRow = Selectable<DataKeyTable>;
