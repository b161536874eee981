/**
 * Audit events of the policy: importing, installing, reviewing and acknowledging versions (merged into the AuditEvent
 * union in src/app/audit-events.ts).
 */
export type PolicyAuditEvent =
  | {
      type: 'policy.version_imported';
      subject: { type: 'policy_version'; id: string };
      data: { label: string; documentHash: string; sections: number };
    }
  | {
      type: 'policy.acknowledged';
      subject: { type: 'policy_version'; id: string };
      data: { label: string; documentHash: string };
    }
  | {
      type: 'policy.review_recorded';
      subject: { type: 'policy_version'; id: string };
      data: { reviewedOn: string; nextReviewDue: string };
    }
  | {
      type: 'policy.seed_installed';
      subject: { type: 'policy_version'; id: string };
      data: { label: string; documentHash: string };
    };
