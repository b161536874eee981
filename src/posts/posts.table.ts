import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { Finding, Verdict } from '../checks/engine/types.js';

export type PostStatus = 'draft' | 'awaiting_approval' | 'ready' | 'published';

/** JSON written as a string, read back parsed (the same on PGlite and PostgreSQL). */
type Json<T> = ColumnType<T, string, string>;

export interface PostAccountSettingsTable {
  account_id: string;
  school_id: string;
  requires_approval: boolean;
  updated_by_staff_id: string | null;
  updated_at: Date;
}

export interface PostTable {
  id: Generated<string>;
  school_id: string;
  account_id: string;
  author_staff_id: string;
  text: string;
  links: Json<string[]>;
  tagged_pupil_ids: Json<string[]>;
  no_identifiable_pupils: boolean;
  /** Goes up on every save: an approval holds for the revision it was given on. */
  revision: number;
  status: PostStatus;
  verdict: Verdict;
  findings: Json<Finding[]>;
  checked_at: Date;
  created_at: Date;
  updated_at: Date;
}

export interface PostPhotoTable {
  id: Generated<string>;
  school_id: string;
  post_id: string;
  sha256: string;
  /** bytea: a Buffer on PostgreSQL, a Uint8Array on PGlite. */
  content: ColumnType<Uint8Array, Uint8Array, Uint8Array>;
  thumbnail: ColumnType<Uint8Array, Uint8Array, Uint8Array>;
  width: number;
  height: number;
  added_at: Date;
  removed_at: Date | null;
}

export interface PostApprovalTable {
  id: Generated<string>;
  school_id: string;
  post_id: string;
  revision: number;
  approver_staff_id: string;
  verdict: Verdict;
  reason: string;
  at: Date;
}

/** A post sent back to its author for changes, with the reason, for the revision it was given on. */
export interface PostReturnTable {
  id: Generated<string>;
  school_id: string;
  post_id: string;
  revision: number;
  returned_by_staff_id: string;
  reason: string;
  at: Date;
}

export interface ArchivedPhoto {
  sha256: string;
  /** Base64 JPEG thumbnail. */
  thumbnail: string;
}

export interface ArchivedPupil {
  pupilId: string;
  /** Effective social media consent at the moment of publication. */
  consentState: string;
  expiresOn: string | null;
}

export interface ArchivedApproval {
  approverStaffId: string;
  approverName: string;
  reason: string;
  verdict: Verdict;
  at: string;
}

export interface PostArchiveTable {
  id: Generated<string>;
  school_id: string;
  post_id: string;
  account_id: string;
  author_staff_id: string;
  published_by_staff_id: string;
  published_at: Date;
  published_url: string;
  /** The platform's own id, when Guardpost published it through a connector; null when recorded by hand. */
  platform_post_id: string | null;
  text: string;
  links: Json<string[]>;
  photos: Json<ArchivedPhoto[]>;
  tagged_pupil_ids: Json<string[]>;
  tagged_pupils: Json<ArchivedPupil[]>;
  no_identifiable_pupils: boolean;
  verdict: Verdict;
  findings: Json<Finding[]>;
  rule_ids: Json<string[]>;
  approvals: Json<ArchivedApproval[]>;
}

export interface PostTakedownTaskTable {
  id: Generated<string>;
  school_id: string;
  archive_id: string;
  account_id: string;
  pupil_id: string;
  consent_id: string;
  reason: string;
  created_at: Date;
  due_at: Date;
  removed_at: Date | null;
  removed_by_staff_id: string | null;
  note: string | null;
}

export type PostRow = Selectable<PostTable>;
export type NewPostRow = Insertable<PostTable>;
export type PostPhotoRow = Selectable<PostPhotoTable>;
export type PostApprovalRow = Selectable<PostApprovalTable>;
export type PostReturnRow = Selectable<PostReturnTable>;
export type PostArchiveRow = Selectable<PostArchiveTable>;
export type PostTakedownTaskRow = Selectable<PostTakedownTaskTable>;
