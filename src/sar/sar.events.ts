/** Subject access requests: opened, reviewed by the DSL (how many items withheld, never which), released. */
export type SarAuditEvent =
  | {
      type: 'sar.opened';
      subject: { type: 'subject_access_request'; id: string };
      data: { subjectKind: string; subjectId: string };
    }
  | {
      type: 'sar.reviewed';
      subject: { type: 'subject_access_request'; id: string };
      data: { items: number; withheld: number };
    }
  | {
      type: 'sar.released';
      subject: { type: 'subject_access_request'; id: string };
      data: { items: number; withheld: number; format: 'zip' };
    };
