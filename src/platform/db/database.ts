import type { Kysely, Transaction } from 'kysely';
import type { AuditEventTable } from '../audit/audit.table.js';
import type {
  OidcFlowTable,
  PasswordResetTokenTable,
  SchoolAuthSettingsTable,
  StaffCredentialsTable,
  StaffRecoveryCodeTable,
} from '../auth/auth.table.js';
import type { SessionTable } from '../auth/session.table.js';
import type { DataKeyTable } from '../crypto/data-keys.table.js';
import type { JobScheduleTable, JobTable } from '../jobs/jobs.table.js';
import type { EmailOutboxTable, NotificationTable } from '../notify/notify.table.js';
import type { RateLimitCounterTable } from '../rate-limit/rate-limit.table.js';

/**
 * Every table of the application. The platform declares its own tables here and names no domain: each
 * domain's tables are added to this interface above the domains, in src/app/database.ts, by declaration
 * merging, so `Db` is the whole database wherever the program is compiled while the import graph points
 * only downwards.
 */
export interface Database {
  audit_events: AuditEventTable;
  sessions: SessionTable;
  jobs: JobTable;
  job_schedules: JobScheduleTable;
  email_outbox: EmailOutboxTable;
  notifications: NotificationTable;
  staff_credentials: StaffCredentialsTable;
  staff_recovery_codes: StaffRecoveryCodeTable;
  rate_limit_counters: RateLimitCounterTable;
  password_reset_tokens: PasswordResetTokenTable;
  school_auth_settings: SchoolAuthSettingsTable;
  oidc_flows: OidcFlowTable;
  data_keys: DataKeyTable;
}

export type Db = Kysely<Database>;
/** A handle a repository function accepts: the database or a transaction inside it. */
export type DbExecutor = Kysely<Database> | Transaction<Database>;
