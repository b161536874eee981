/** The moderation domain's audit events. No comment text is ever recorded: the snapshot holds it. */
export type ModerationAuditEvent =
  | {
      type: 'moderation.comments_queued';
      subject: { type: 'account'; id: string };
      data: {
        items: { id: string; verdict: string; rules: string[]; disclosure: boolean; sha256: string }[];
      };
    }
  | {
      type: 'moderation.action_taken';
      subject: { type: 'moderation_item'; id: string };
      data: { action: string; outcome: string; reason: string | null; automatic: boolean };
    }
  | {
      type: 'moderation.escalated';
      subject: { type: 'moderation_item'; id: string };
      data: { slaWorkingMinutes: number; smtNotified: number };
    }
  | {
      type: 'moderation.disclosure_filed';
      subject: { type: 'moderation_item'; id: string };
      data: { concernId: string };
    }
  | {
      type: 'moderation.snapshot_viewed';
      subject: { type: 'moderation_item'; id: string };
      data: { sealed: boolean };
    }
  | {
      type: 'moderation.connection_failed';
      subject: { type: 'account'; id: string };
      data: { platform: string; code: string };
    }
  | {
      type: 'moderation.direct_messages_checked';
      subject: { type: 'account'; id: string };
      data: { source: string; setting: string | null; studentsCanMessage: boolean | null };
    }
  | {
      type: 'moderation.settings_updated';
      subject: { type: 'school'; id: string };
      data: { readEveryMinutes: number; slaWorkingMinutes: number; outOfHoursHide: boolean };
    };
