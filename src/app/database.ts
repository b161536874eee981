/**
 * The domains' tables, added to the platform's `Database` (see platform/db/database.ts). This file sits
 * above the domains, in the composition layer, because it is the one place that names them all; a new
 * domain adds its tables here. Types only: nothing runs.
 */
import type {
  AccountAupCheckTable,
  AccountOwnerTable,
  AccountRegisterSettingsTable,
  AccountTable,
  AccountTransitionTable,
  PersonalHandleTable,
} from '../accounts/accounts.table.js';
import type {
  BlockListEntryTable,
  BlockListImportTable,
  CheckSettingsTable,
} from '../checks/check-settings.table.js';
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
} from '../concerns/concerns.table.js';
import type {
  ConnectionOauthStateTable,
  ConnectionProfileTable,
  PlatformConnectionTable,
  PostPublicationTable,
} from '../connectors/connections.table.js';
import type {
  ConsentImportTable,
  ConsentLinkTable,
  ConsentLossTable,
  ConsentTable,
} from '../consent/consent.table.js';
import type {
  ModerationActionTable,
  ModerationDailyCountTable,
  ModerationDmCheckTable,
  ModerationFeedTable,
  ModerationItemTable,
  ModerationSettingsTable,
  ModerationSnapshotTable,
} from '../moderation/moderation.table.js';
import type {
  CarerPupilLinkTable,
  CarerTable,
  PupilTable,
  RosterImportTable,
} from '../people/people.table.js';
import type { StaffMembershipTable, StaffTable } from '../people/staff.table.js';
import type {
  PolicyAcknowledgementReminderTable,
  PolicyAcknowledgementTable,
} from '../policy/acknowledgements.table.js';
import type { PolicyReviewTable, PolicyVersionTable } from '../policy/policy.table.js';
import type { PostPhotoOriginalTable, PostSchoolSettingsTable } from '../posts/photo-originals.table.js';
import type {
  PostAccountSettingsTable,
  PostApprovalTable,
  PostArchiveTable,
  PostPhotoTable,
  PostReturnTable,
  PostTable,
  PostTakedownTaskTable,
} from '../posts/posts.table.js';
import type { PostTakedownReminderTable } from '../posts/takedown-reminders.table.js';
import type { LegalHoldTable, RetentionPeriodTable } from '../retention/retention.table.js';
import type { SubjectAccessRequestTable } from '../sar/sar.table.js';
import type { SchoolTable } from '../schools/schools.table.js';
import type {
  ContactExceptionTable,
  PrivacyAttestationTable,
  SelfAuditAttestationTable,
  SelfAuditKeyTable,
  StaffHandoverTable,
  StaffUseReminderTable,
  StaffUseSettingChangeTable,
  StaffUseSettingsTable,
} from '../staff-use/staff-use.table.js';
import type {
  TrustMembershipTable,
  TrustPolicyTemplateTable,
  TrustSchoolTable,
  TrustTable,
  TrustTemplateAdoptionTable,
} from '../trusts/trusts.table.js';

declare module '../platform/db/database.js' {
  interface Database {
    schools: SchoolTable;
    trusts: TrustTable;
    trust_schools: TrustSchoolTable;
    trust_memberships: TrustMembershipTable;
    trust_policy_templates: TrustPolicyTemplateTable;
    trust_template_adoptions: TrustTemplateAdoptionTable;
    policy_versions: PolicyVersionTable;
    policy_reviews: PolicyReviewTable;
    staff: StaffTable;
    staff_memberships: StaffMembershipTable;
    pupils: PupilTable;
    carers: CarerTable;
    carer_pupil_links: CarerPupilLinkTable;
    roster_imports: RosterImportTable;
    policy_acknowledgements: PolicyAcknowledgementTable;
    policy_acknowledgement_reminders: PolicyAcknowledgementReminderTable;
    check_settings: CheckSettingsTable;
    block_list_entries: BlockListEntryTable;
    block_list_imports: BlockListImportTable;
    accounts: AccountTable;
    account_owners: AccountOwnerTable;
    account_transitions: AccountTransitionTable;
    account_aup_checks: AccountAupCheckTable;
    personal_handles: PersonalHandleTable;
    account_register_settings: AccountRegisterSettingsTable;
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
    moderation_settings: ModerationSettingsTable;
    moderation_feeds: ModerationFeedTable;
    moderation_items: ModerationItemTable;
    moderation_snapshots: ModerationSnapshotTable;
    moderation_actions: ModerationActionTable;
    moderation_daily_counts: ModerationDailyCountTable;
    moderation_dm_checks: ModerationDmCheckTable;
    platform_connections: PlatformConnectionTable;
    post_publications: PostPublicationTable;
    connection_oauth_states: ConnectionOauthStateTable;
    connection_profiles: ConnectionProfileTable;
    contact_exceptions: ContactExceptionTable;
    privacy_attestations: PrivacyAttestationTable;
    self_audit_attestations: SelfAuditAttestationTable;
    self_audit_keys: SelfAuditKeyTable;
    staff_use_reminders: StaffUseReminderTable;
    staff_use_settings: StaffUseSettingsTable;
    staff_use_setting_changes: StaffUseSettingChangeTable;
    staff_handovers: StaffHandoverTable;
    legal_holds: LegalHoldTable;
    retention_periods: RetentionPeriodTable;
    subject_access_requests: SubjectAccessRequestTable;
  }
}
