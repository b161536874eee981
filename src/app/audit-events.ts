/**
 * Each domain's audit events, added to the platform's `AuditEventRegistry` (see platform/audit/events.ts).
 * This file sits above the domains because it is the one place that names them all; a new domain adds its
 * union here. Types only: nothing runs.
 */
import type { AccountAuditEvent } from '../accounts/accounts.events.js';
import type { CheckSettingsAuditEvent } from '../checks/check-settings.events.js';
import type { ConcernAuditEvent } from '../concerns/concerns.events.js';
import type { ConnectorAuditEvent } from '../connectors/connectors.events.js';
import type { ConsentAuditEvent } from '../consent/consent.events.js';
import type { ModerationAuditEvent } from '../moderation/moderation.events.js';
import type { PeopleAuditEvent } from '../people/people.events.js';
import type { PolicyAuditEvent } from '../policy/policy.events.js';
import type { PhotoOriginalAuditEvent } from '../posts/photo-originals.events.js';
import type { PostAuditEvent } from '../posts/posts.events.js';
import type { TakedownAuditEvent } from '../posts/takedowns.events.js';
import type { ReportAuditEvent } from '../reports/reports.events.js';
import type { RetentionAuditEvent } from '../retention/retention.events.js';
import type { SarAuditEvent } from '../sar/sar.events.js';
import type { SchoolAuditEvent } from '../schools/schools.events.js';
import type { StaffUseAuditEvent } from '../staff-use/staff-use.events.js';
import type { TrustAuditEvent } from '../trusts/trusts.events.js';

declare module '../platform/audit/events.js' {
  interface AuditEventRegistry {
    accounts: AccountAuditEvent;
    checkSettings: CheckSettingsAuditEvent;
    concerns: ConcernAuditEvent;
    connectors: ConnectorAuditEvent;
    consent: ConsentAuditEvent;
    moderation: ModerationAuditEvent;
    people: PeopleAuditEvent;
    policy: PolicyAuditEvent;
    photoOriginals: PhotoOriginalAuditEvent;
    posts: PostAuditEvent;
    takedowns: TakedownAuditEvent;
    reports: ReportAuditEvent;
    schools: SchoolAuditEvent;
    staffUse: StaffUseAuditEvent;
    retention: RetentionAuditEvent;
    sar: SarAuditEvent;
    trusts: TrustAuditEvent;
  }
}
