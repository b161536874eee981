/**
 * Audit events of the post workflow (merged into the platform's AuditEvent union). `data` holds ids,
 * verdicts, rule ids and hashes: never the post's text, a caption or a pupil's name.
 */
export type PostAuditEvent =
  | {
      type: 'post.saved';
      subject: { type: 'post'; id: string };
      data: { accountId: string; revision: number; verdict: string; rules: string[]; photos: number };
    }
  | {
      type: 'post.photo_added';
      subject: { type: 'post'; id: string };
      data: { photoId: string; sha256: string; revision: number; verdict: string };
    }
  | {
      type: 'post.photo_removed';
      subject: { type: 'post'; id: string };
      data: { photoId: string; revision: number; verdict: string };
    }
  | {
      type: 'post.marked_ready';
      subject: { type: 'post'; id: string };
      data: { revision: number; status: 'ready' | 'awaiting_approval'; verdict: string };
    }
  | {
      type: 'post.approved';
      subject: { type: 'post'; id: string };
      data: { revision: number; verdict: string };
    }
  | {
      type: 'post.sent_back';
      subject: { type: 'post'; id: string };
      data: { revision: number; verdict: string };
    }
  | {
      type: 'post.published';
      subject: { type: 'post'; id: string };
      data: { archiveId: string; accountId: string; photoHashes: string[]; pupils: number };
    }
  | {
      type: 'post.account_settings_updated';
      subject: { type: 'account'; id: string };
      data: { requiresApproval: boolean };
    }
  | {
      type: 'post.takedown_opened';
      subject: { type: 'post_takedown_task'; id: string };
      data: { archiveId: string; pupilId: string; consentId: string; reason: string; dueAt: string };
    }
  | {
      type: 'post.takedown_removed';
      subject: { type: 'post_takedown_task'; id: string };
      data: { archiveId: string };
    };
