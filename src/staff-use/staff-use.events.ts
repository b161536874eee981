import type { ContactChannel } from './staff-use.table.js';

/**
 * Audit events of staff personal use (merged into the AuditEvent union in src/app/audit-events.ts). They
 * carry what happened, never a follower, a match or a privacy answer.
 */
export type StaffUseAuditEvent =
  | {
      type: 'staff_use.contact_exception_requested';
      subject: { type: 'contact_exception'; id: string };
      data: { channel: ContactChannel; from: string; to: string };
    }
  | {
      type: 'staff_use.contact_exception_decided';
      subject: { type: 'contact_exception'; id: string };
      data: { decision: 'approved' | 'refused'; staffId: string };
    }
  | {
      type: 'staff_use.contact_exception_expired';
      subject: { type: 'contact_exception'; id: string };
      data: { to: string };
    }
  | {
      type: 'staff_use.contact_exception_expiry_reminded';
      subject: { type: 'contact_exception'; id: string };
      data: { to: string };
    }
  | {
      type: 'staff_use.contact_exception_closed';
      subject: { type: 'contact_exception'; id: string };
      data: { why: 'leaver' };
    }
  | {
      type: 'staff_use.contact_register_viewed';
      subject: { type: 'school'; id: string };
      data: { rows: number };
    }
  | {
      type: 'staff_use.privacy_attested';
      subject: { type: 'staff'; id: string };
      data: { platform: string; period: string; confirmed: number; total: number };
    }
  | {
      type: 'staff_use.self_audit_started';
      subject: { type: 'staff'; id: string };
      data: Record<string, never>;
    }
  | {
      type: 'staff_use.self_audit_attested';
      subject: { type: 'staff'; id: string };
      data: {
        platform: string;
        period: string;
        followersChecked: number;
        matches: number;
        allResolved: boolean;
      };
    }
  | {
      type: 'staff_use.compliance_viewed';
      subject: { type: 'school'; id: string };
      data: { period: string };
    }
  | {
      type: 'staff_use.settings_updated';
      subject: { type: 'school'; id: string };
      data: { attestationPeriod: 'term' | 'year' };
    }
  | {
      type: 'staff_use.handover_opened';
      subject: { type: 'staff_handover'; id: string };
      data: { staffId: string; accounts: number };
    }
  | {
      type: 'staff_use.handover_account_decided';
      subject: { type: 'staff_handover'; id: string };
      data: { accountId: string; outcome: 'handed_over' | 'closed'; toStaffId: string | null };
    }
  | {
      type: 'staff_use.handover_done';
      subject: { type: 'staff_handover'; id: string };
      data: { staffId: string };
    };
