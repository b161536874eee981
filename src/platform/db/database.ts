import type { Kysely, Transaction } from 'kysely';
import type { StaffMembershipTable, StaffTable } from '../../people/staff.table.js';
import type { PolicyReviewTable, PolicyVersionTable } from '../../policy/policy.table.js';
import type { SchoolTable } from '../../schools/schools.table.js';
import type { AuditEventTable } from '../audit/audit.table.js';
import type { SessionTable } from '../auth/session.table.js';

/** Every table, merged from the domains' `*.table.ts` files. */
export interface Database {
  schools: SchoolTable;
  policy_versions: PolicyVersionTable;
  policy_reviews: PolicyReviewTable;
  staff: StaffTable;
  staff_memberships: StaffMembershipTable;
  audit_events: AuditEventTable;
  sessions: SessionTable;
}

export type Db = Kysely<Database>;
/** A handle a repository function accepts: the database or a transaction inside it. */
export type DbExecutor = Kysely<Database> | Transaction<Database>;
