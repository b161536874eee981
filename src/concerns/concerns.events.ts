import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';

/**
 * Audit events of the concerns domain. `data` holds ids, codes and counts only: never a narrative, a
 * child's words, a file name or a pupil's name.
 */
type ConcernSubject = { type: 'concern'; id: string };

export type ConcernAuditEvent =
  | {
      type: 'concern.reported';
      subject: ConcernSubject;
      data: { concernType: string; urgency: string; pupils: number; evidence: number; alerted: number };
    }
  | {
      type: 'concern.viewed';
      subject: ConcernSubject;
      data: { view: 'detail' | 'evidence' | 'list' | 'alert' };
    }
  | {
      type: 'concern.list_viewed';
      subject: { type: 'school'; id: string };
      data: { count: number; view?: 'dashboard' | 'urgent' | 'transfers' };
    }
  | { type: 'concern.receipts_viewed'; subject: { type: 'staff'; id: string }; data: { count: number } }
  | { type: 'concern.acknowledged'; subject: ConcernSubject; data: { afterMinutes: number } }
  | { type: 'concern.assigned'; subject: ConcernSubject; data: { staffId: string } }
  | { type: 'concern.escalated'; subject: ConcernSubject; data: { level: number; alerted: number } }
  | {
      type: 'concern.entry_added';
      subject: ConcernSubject;
      data: { entryId: string; kind: string; correctsEntryId: string | null };
    }
  | { type: 'concern.action_added'; subject: ConcernSubject; data: { actionId: string; dueOn: string } }
  | { type: 'concern.action_completed'; subject: ConcernSubject; data: { actionId: string } }
  | { type: 'concern.decision_recorded'; subject: ConcernSubject; data: { decision: string } }
  | {
      type: 'concern.referral_added';
      subject: ConcernSubject;
      data: { referralId: string; agency: string; followUpOn: string | null };
    }
  | {
      type: 'concern.closed';
      subject: ConcernSubject;
      data: { outcome: string; closedDespite?: string[] };
    }
  | { type: 'concern.reopened'; subject: ConcernSubject; data: Record<string, never> }
  | { type: 'concern.legal_hold_set'; subject: ConcernSubject; data: { legalHold: boolean } }
  | {
      type: 'concern.evidence_viewed';
      subject: ConcernSubject;
      data: { evidenceId: string; variant: string };
    }
  | { type: 'concern.exported'; subject: ConcernSubject; data: { format: 'pdf' } }
  | {
      type: 'concern.pupil_chronology_viewed';
      subject: { type: 'pupil'; id: string };
      data: { format: 'json' | 'pdf'; concerns: number };
    }
  | { type: 'concern.settings_updated'; subject: { type: 'school'; id: string }; data: { fields: string[] } }
  | {
      type: 'concern.transfer_created';
      subject: { type: 'concern_transfer'; id: string };
      data: { pupilId: string; dueOn: string };
    }
  | {
      type: 'concern.transfer_sent' | 'concern.transfer_receipt_confirmed';
      subject: { type: 'concern_transfer'; id: string };
      data: { pupilId: string };
    }
  | { type: 'crypto.keys_rotated'; subject: { type: 'master_key'; id: string }; data: { rewrapped: number } };

/**
 * Records that a list naming concerns was read (the dashboard, the urgent banner, the file transfers): which
 * children have a concern or a safeguarding file is itself safeguarding information.
 */
export async function recordConcernListViewed(
  tx: DbExecutor,
  input: {
    actor: Actor;
    schoolId: string;
    view: 'dashboard' | 'urgent' | 'transfers';
    count: number;
    at: Date;
  },
): Promise<void> {
  await recordAudit(tx, {
    actor: input.actor,
    schoolId: input.schoolId,
    event: {
      type: 'concern.list_viewed',
      subject: { type: 'school', id: input.schoolId },
      data: { count: input.count, view: input.view },
    },
    at: input.at,
  });
}
