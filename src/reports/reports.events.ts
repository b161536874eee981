/**
 * Audit events of the reports (merged into the platform's AuditEvent union): the range and the format,
 * never a figure.
 */
export type ReportAuditEvent =
  | {
      type: 'report.governors_produced';
      subject: { type: 'school'; id: string };
      data: { from: string; to: string; format: 'json' | 'pdf' | 'trends' };
    }
  | {
      type: 'report.governors_viewed';
      subject: { type: 'school'; id: string };
      data: { from: string; to: string; format: 'json' | 'pdf' | 'trends' };
    }
  | {
      type: 'report.evidence_pack_produced';
      subject: { type: 'school'; id: string };
      data: { from: string; to: string; files: number };
    };
