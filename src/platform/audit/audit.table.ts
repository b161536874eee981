import type { ColumnType, Generated, JSONColumnType, Selectable } from 'kysely';

export interface AuditEventTable {
  id: Generated<string>;
  /** Null for deployment-wide events (a school created, a migration); those form their own chain. */
  school_id: string | null;
  seq: ColumnType<string, number | string, never>;
  at: ColumnType<Date, Date, never>;
  actor_staff_id: string | null;
  /** Who acted, as people read it: a staff email, or `system:<job>` / `cli`. */
  actor_label: string;
  type: string;
  subject_type: string | null;
  subject_id: string | null;
  data: JSONColumnType<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
}

export type AuditEventRow = Selectable<AuditEventTable>;
