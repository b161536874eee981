/** Audit events of schools (merged into the AuditEvent union in src/app/audit-events.ts). */
export type SchoolAuditEvent = {
  type: 'school.created';
  subject: { type: 'school'; id: string };
  data: { name: string; demo: boolean };
};
