import type { ColumnType, Generated, Selectable } from 'kysely';

/** Where a comment stands in the queue. */
export const itemStates = [
  /** Needs a person. */
  'open',
  /** Hidden out of hours by Guardpost itself; a person confirms or undoes it. */
  'hidden_pending_confirmation',
  /** A person (or the confirmed cover) acted on it. */
  'actioned',
  /** A person decided it needs nothing, with a reason. */
  'dismissed',
  /** The comment was gone when we acted: deleted by its author or the platform. */
  'removed_on_platform',
] as const;
export type ItemState = (typeof itemStates)[number];

/** A finding as stored with an item: no excerpt (the text lives in the snapshot only). */
export interface StoredModerationFinding {
  rule: string;
  clause: string;
  severity: 'block' | 'review' | 'advice';
  message: string;
  start?: number;
  end?: number;
}

export interface ModerationSettingsTable {
  school_id: string;
  read_every_minutes: Generated<number>;
  sla_working_minutes: Generated<number>;
  out_of_hours_hide: Generated<boolean>;
  updated_at: Date;
}

export interface ModerationFeedTable {
  account_id: string;
  school_id: string;
  platform: string;
  cursor: string | null;
  status: Generated<'active' | 'failed'>;
  failure: string | null;
  next_read_at: Date;
  last_read_at: Date | null;
  /** Until when the platform asked reads to wait (a 429): a webhook does not make the feed due before it. */
  rate_limited_until: Generated<Date | null>;
  created_at: Date;
}

export interface ModerationItemTable {
  id: Generated<string>;
  school_id: string;
  account_id: string;
  platform: string;
  platform_comment_id: string;
  platform_post_id: string | null;
  author_platform_id: string;
  verdict: 'block' | 'review' | 'pass';
  findings: ColumnType<StoredModerationFinding[], string, string>;
  clauses: ColumnType<string[], string, string>;
  disclosure: boolean;
  /** For a possible disclosure: `draft` until a DSL files it as a concern (`filed`) or sets it aside. */
  concern_draft: 'draft' | 'filed' | 'set_aside' | null;
  concern_id: string | null;
  state: ItemState;
  hidden: Generated<boolean>;
  /** When the comment was written on the platform. */
  arrived_at: Date;
  /** When Guardpost read it. */
  received_at: Date;
  actioned_at: Date | null;
  escalated_at: Date | null;
  retry_at: Date | null;
}

/** The comment as it stood when read; append-only (a trigger refuses updates and deletes). */
export interface ModerationSnapshotTable {
  id: Generated<string>;
  item_id: string;
  school_id: string;
  taken_at: Date;
  sha256: string;
  /** Plain JSON, or null when sealed (a possible disclosure is special category data). */
  content: ColumnType<SnapshotContent | null, string | null, never>;
  data_key_id: string | null;
  sealed_content: Buffer | null;
}

export interface ModerationActionTable {
  id: Generated<string>;
  item_id: string;
  school_id: string;
  action: string;
  reason: string | null;
  outcome: 'done' | 'failed' | 'removed_on_platform' | 'retry_later';
  actor_staff_id: string | null;
  actor_label: string;
  at: Date;
}

export interface ModerationDailyCountTable {
  school_id: string;
  day: ColumnType<string, string, string>;
  checked: number;
}

export interface ModerationDmCheckTable {
  id: Generated<string>;
  school_id: string;
  account_id: string;
  /** `platform`: read through the connector; `attestation`: the owner's recorded word, named as such. */
  source: 'platform' | 'attestation';
  setting: string | null;
  students_can_message: boolean | null;
  checked_at: Date;
}

export interface SnapshotContent {
  text: string;
  authorHandle: string;
  authorDisplayName: string;
  authorPlatformId: string;
  createdAt: string;
  platform: string;
  platformCommentId: string;
  platformPostId: string | null;
  parentCommentId: string | null;
  url: string | null;
  context: { platformId: string; authorHandle: string; text: string }[];
}

export type ModerationItemRow = Selectable<ModerationItemTable>;
export type ModerationFeedRow = Selectable<ModerationFeedTable>;
export type ModerationSnapshotRow = Selectable<ModerationSnapshotTable>;
