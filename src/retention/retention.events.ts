/** Retention's audit events: tombstones (what kind, which rule, when, how many; never what) and holds. */
export type RetentionAuditEvent =
  | {
      type: 'retention.destroyed';
      subject: { type: 'retention_rule'; id: string };
      data: { kind: string; count: number; dueBefore: string };
    }
  | {
      type: 'retention.hold_placed';
      subject: { type: 'legal_hold'; id: string };
      data: { targetKind: string; targetId: string };
    }
  | {
      type: 'retention.hold_lifted';
      subject: { type: 'legal_hold'; id: string };
      data: { targetKind: string; targetId: string };
    }
  | {
      type: 'retention.due_viewed';
      subject: { type: 'school'; id: string };
      data: { days: number; concerns: number };
    }
  | {
      type: 'retention.period_set';
      subject: { type: 'retention_rule'; id: string };
      /** The school's amount before and after, in the rule's unit; `standard`: back to the standard period. */
      data: { unit: string; from: number; to: number; standard: boolean };
    };
