/**
 * Audit events of a school's check settings and block lists (merged into the AuditEvent union in
 * src/app/audit-events.ts).
 */
export type CheckSettingsAuditEvent =
  | { type: 'checks.settings_updated'; subject: { type: 'school'; id: string }; data: { fields: string[] } }
  | {
      type: 'checks.block_lists_imported';
      subject: { type: 'block_list_import'; id: string };
      data: { counts: Record<string, { domains: number; urls: number }> };
    };
