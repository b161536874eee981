import type { Kysely, Transaction } from 'kysely';
import type {
  AccountAupCheckTable,
  AccountOwnerTable,
  AccountRegisterSettingsTable,
  AccountTable,
  AccountTransitionTable,
  PersonalHandleTable,
} from '../../accounts/accounts.table.js';
import type {
  BlockListEntryTable,
  BlockListImportTable,
  CheckSettingsTable,
} from '../../checks/check-settings.table.js';
import type {
  ConcernActionTable,
  ConcernAlertTable,
  ConcernEntryTable,
  ConcernEvidenceTable,
  ConcernPupilTable,
  ConcernReferralTable,
  ConcernSettingsTable,
  ConcernTable,
  ConcernTransferTable,
} from '../../concerns/concerns.table.js';
import type {
  ConsentImportTable,
  ConsentLinkTable,
  ConsentLossTable,
  ConsentTable,
} from '../../consent/consent.table.js';
import type {
  CarerPupilLinkTable,
  CarerTable,
  PupilTable,
  RosterImportTable,
} from '../../people/people.table.js';
import type { StaffMembershipTable, StaffTable } from '../../people/staff.table.js';
import type {
  PolicyAcknowledgementReminderTable,
  PolicyAcknowledgementTable,
} from '../../policy/acknowledgement.table.js';
import type { PolicyReviewTable, PolicyVersionTable } from '../../policy/policy.table.js';
import type { PostPhotoOriginalTable, PostSchoolSettingsTable } from '../../posts/photo-originals.table.js';
import type {
  PostAccountSettingsTable,
  PostApprovalTable,
  PostArchiveTable,
  PostPhotoTable,
  PostReturnTable,
  PostTable,
  PostTakedownTaskTable,
} from '../../posts/posts.table.js';
import type { PostTakedownReminderTable } from '../../posts/takedown-reminders.table.js';
import type { SchoolTable } from '../../schools/schools.table.js';
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

/** Every table, merged from the domains' `*.table.ts` files. */
export interface Database {
  schools: SchoolTable;
  policy_versions: PolicyVersionTable;
  policy_reviews: PolicyReviewTable;
  staff: StaffTable;
  staff_memberships: StaffMembershipTable;
  pupils: PupilTable;
  carers: CarerTable;
  carer_pupil_links: CarerPupilLinkTable;
  roster_imports: RosterImportTable;
  audit_events: AuditEventTable;
  sessions: SessionTable;
  jobs: JobTable;
  job_schedules: JobScheduleTable;
  email_outbox: EmailOutboxTable;
  notifications: NotificationTable;
  policy_acknowledgements: PolicyAcknowledgementTable;
  policy_acknowledgement_reminders: PolicyAcknowledgementReminderTable;
  staff_credentials: StaffCredentialsTable;
  staff_recovery_codes: StaffRecoveryCodeTable;
  rate_limit_counters: RateLimitCounterTable;
  password_reset_tokens: PasswordResetTokenTable;
  school_auth_settings: SchoolAuthSettingsTable;
  oidc_flows: OidcFlowTable;
  check_settings: CheckSettingsTable;
  block_list_entries: BlockListEntryTable;
  block_list_imports: BlockListImportTable;
  accounts: AccountTable;
  account_owners: AccountOwnerTable;
  account_transitions: AccountTransitionTable;
  account_aup_checks: AccountAupCheckTable;
  personal_handles: PersonalHandleTable;
  account_register_settings: AccountRegisterSettingsTable;
  data_keys: DataKeyTable;
  concern_settings: ConcernSettingsTable;
  concerns: ConcernTable;
  concern_pupils: ConcernPupilTable;
  concern_alerts: ConcernAlertTable;
  concern_entries: ConcernEntryTable;
  concern_actions: ConcernActionTable;
  concern_referrals: ConcernReferralTable;
  concern_evidence: ConcernEvidenceTable;
  concern_transfers: ConcernTransferTable;
  consents: ConsentTable;
  consent_links: ConsentLinkTable;
  consent_imports: ConsentImportTable;
  consent_losses: ConsentLossTable;
  post_account_settings: PostAccountSettingsTable;
  posts: PostTable;
  post_photos: PostPhotoTable;
  post_approvals: PostApprovalTable;
  post_returns: PostReturnTable;
  post_archive: PostArchiveTable;
  post_takedown_tasks: PostTakedownTaskTable;
  post_takedown_reminders: PostTakedownReminderTable;
  post_school_settings: PostSchoolSettingsTable;
  post_photo_originals: PostPhotoOriginalTable;
}

export type Db = Kysely<Database>;
/** A handle a repository function accepts: the database or a transaction inside it. */
export type DbExecutor = Kysely<Database> | Transaction<Database>;
