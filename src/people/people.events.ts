/**
 * Audit events of the roster and of viewing pupils and carers (merged into the AuditEvent union in
 * src/app/audit-events.ts): ids and which details were shown, never the details.
 */
export type PeopleAuditEvent =
  | {
      type: 'roster.imported';
      subject: { type: 'roster_import'; id: string };
      data: { format: 'simple' | 'oneroster' | 'demo'; full: boolean; counts: Record<string, number> };
    }
  | {
      type: 'people.pupil_viewed';
      subject: { type: 'pupil'; id: string };
      data: { dateOfBirthShown: boolean; carerContactShown: boolean };
    }
  | { type: 'people.carer_viewed'; subject: { type: 'carer'; id: string }; data: { contactShown: boolean } }
  | {
      type: 'people.staff_left';
      subject: { type: 'staff'; id: string };
      /** The roster import that ended the membership, when a whole roster no longer listed them. */
      data: { leftOn: string; rosterImportId?: string };
    };
