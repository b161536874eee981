/** Audit events of trusts (merged into the AuditEvent union in src/app/audit-events.ts). */
export type TrustAuditEvent =
  | { type: 'trust.created'; subject: { type: 'trust'; id: string }; data: { name: string } }
  | { type: 'trust.school_added'; subject: { type: 'trust'; id: string }; data: { schoolId: string } }
  | {
      type: 'trust.roles_granted';
      subject: { type: 'trust'; id: string };
      data: { staffId: string; roles: string[] };
    }
  | {
      type: 'trust.role_revoked';
      subject: { type: 'trust'; id: string };
      data: { staffId: string; role: string; left: string[] };
    }
  | {
      type: 'trust.template_published';
      subject: { type: 'trust'; id: string };
      data: { templateId: string; label: string; documentHash: string };
    }
  | {
      type: 'trust.template_adopted';
      subject: { type: 'school'; id: string };
      data: { trustId: string; templateId: string; policyVersionId: string; adapted: boolean };
    }
  | {
      type: 'trust.dashboard_viewed';
      subject: { type: 'trust'; id: string };
      data: { from: string; to: string };
    };
