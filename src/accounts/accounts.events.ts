/** The register's audit events (merged into the platform's AuditEvent union). No handle of a personal
 * account is ever recorded: only that one was declared or removed, and on which platform. */
export type AccountAuditEvent =
  | {
      type: 'account.registered';
      subject: { type: 'account'; id: string };
      data: { platform: string; identityKey: string };
    }
  | { type: 'account.updated'; subject: { type: 'account'; id: string }; data: { fields: string[] } }
  | {
      type: 'account.transitioned';
      subject: { type: 'account'; id: string };
      data: { action: string; from: string; to: string; reason: string | null; expiresOn?: string };
    }
  | {
      type: 'account.aup_checked';
      subject: { type: 'account'; id: string };
      data: { result: string; previous: string | null; trigger: string };
    }
  | { type: 'account.expiry_reminded'; subject: { type: 'account'; id: string }; data: { expiresOn: string } }
  | {
      type: 'account.personal_handle_declared';
      subject: { type: 'staff'; id: string };
      data: { platform: string };
    }
  | {
      type: 'account.personal_handle_removed';
      subject: { type: 'staff'; id: string };
      data: { platform: string };
    }
  | {
      type: 'account.register_settings_updated';
      subject: { type: 'school'; id: string };
      data: { approvalMonths: number; reminderDays: number };
    }
  | {
      type: 'account.owner_handed_over';
      subject: { type: 'account'; id: string };
      data: { fromStaffId: string; toStaffId: string; wasPrimary: boolean };
    };
