import type { Migration } from 'kysely';
import * as m0100 from './2026-11-24-0100-schools-and-policy.js';
import * as m0200 from './2026-11-24-0200-staff-and-audit.js';
import * as m0250 from './2026-11-24-0250-sessions.js';
import * as m0300 from './2026-11-24-0300-people.js';
import * as m0400 from './2026-11-24-0400-auth.js';
import * as m0500 from './2026-11-24-0500-jobs-notify-acknowledgements.js';
import * as m0600 from './2026-11-24-0600-check-settings.js';
import * as m0700 from './2026-11-24-0700-accounts.js';
import * as m0800 from './2026-11-24-0800-concerns.js';
import * as m0900 from './2026-11-24-0900-consents.js';
import * as m1000 from './2026-11-24-1000-posts.js';
import * as m1100 from './2026-11-24-1100-takedown-reminders.js';
import * as m1200 from './2026-11-24-1200-post-returns.js';
import * as m1300 from './2026-11-24-1300-oidc-secret-sealed.js';
import * as m1400 from './2026-11-24-1400-post-photo-originals.js';
import * as m20261202_0200 from './2026-12-02-0200-rate-limit-counters.js';
import * as m20261202_0300 from './2026-12-02-0300-audit-append-only.js';
import * as m20261202_0500 from './2026-12-02-0500-school-change-stamps.js';
import * as m20261202_0600 from './2026-12-02-0600-concern-notification-links.js';
import * as m20261202_0700 from './2026-12-02-0700-consent-told-by-carer.js';
import * as m20261203_0500 from './2026-12-03-0500-platform-connections.js';
import * as m20261203_0510 from './2026-12-03-0510-publications-and-oauth.js';
import * as m20261203_0600 from './2026-12-03-0600-moderation.js';
import * as m20261203_0700 from './2026-12-03-0700-staff-personal-use.js';
import * as m20261203_0800 from './2026-12-03-0800-retention.js';
import * as m20261203_0800_sar from './2026-12-03-0800-subject-access.js';
import * as m20261204_0200_staff from './2026-12-04-0200-staff-handovers.js';
import * as m20261204_0300_trusts from './2026-12-04-0300-trusts.js';
import * as m20261204_0400_reports from './2026-12-04-0400-report-indexes.js';
import * as m20261204_0500_ops from './2026-12-04-0500-retention-periods.js';
import * as m20261205_0100_archive from './2026-12-05-0100-archive-platform-post-id.js';
import * as m20261205_0300_profiles from './2026-12-05-0300-profile-check-results.js';
import * as m20261205_0400_leavers from './2026-12-05-0400-staff-leavers.js';
import * as m20261205_0500_staff from './2026-12-05-0500-staff-use-setting-changes.js';
import * as m20261205_0700_concerns from './2026-12-05-0700-concern-acknowledgement-due.js';
import * as m20261205_0800_feeds from './2026-12-05-0800-feed-rate-limited-until.js';

/**
 * The explicit, ordered list of migrations. Names sort in time order; a new migration is a new file and a
 * new line here, never an edit of an old one.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-24-0100-schools-and-policy': m0100,
  '2026-11-24-0200-staff-and-audit': m0200,
  '2026-11-24-0250-sessions': m0250,
  '2026-11-24-0300-people': m0300,
  '2026-11-24-0400-auth': m0400,
  '2026-11-24-0500-jobs-notify-acknowledgements': m0500,
  '2026-11-24-0600-check-settings': m0600,
  '2026-11-24-0700-accounts': m0700,
  '2026-11-24-0800-concerns': m0800,
  '2026-11-24-0900-consents': m0900,
  '2026-11-24-1000-posts': m1000,
  '2026-11-24-1100-takedown-reminders': m1100,
  '2026-11-24-1200-post-returns': m1200,
  '2026-11-24-1300-oidc-secret-sealed': m1300,
  '2026-11-24-1400-post-photo-originals': m1400,
  '2026-12-02-0200-rate-limit-counters': m20261202_0200,
  '2026-12-02-0300-audit-append-only': m20261202_0300,
  '2026-12-02-0500-school-change-stamps': m20261202_0500,
  '2026-12-02-0600-concern-notification-links': m20261202_0600,
  '2026-12-02-0700-consent-told-by-carer': m20261202_0700,
  '2026-12-03-0500-platform-connections': m20261203_0500,
  '2026-12-03-0510-publications-and-oauth': m20261203_0510,
  '2026-12-03-0600-moderation': m20261203_0600,
  '2026-12-03-0700-staff-personal-use': m20261203_0700,
  '2026-12-03-0800-retention': m20261203_0800,
  '2026-12-03-0800-subject-access': m20261203_0800_sar,
  '2026-12-04-0200-staff-handovers': m20261204_0200_staff,
  '2026-12-04-0300-trusts': m20261204_0300_trusts,
  '2026-12-04-0400-report-indexes': m20261204_0400_reports,
  '2026-12-04-0500-retention-periods': m20261204_0500_ops,
  '2026-12-05-0100-archive-platform-post-id': m20261205_0100_archive,
  '2026-12-05-0300-profile-check-results': m20261205_0300_profiles,
  '2026-12-05-0400-staff-leavers': m20261205_0400_leavers,
  '2026-12-05-0500-staff-use-setting-changes': m20261205_0500_staff,
  '2026-12-05-0700-concern-acknowledgement-due': m20261205_0700_concerns,
  '2026-12-05-0800-feed-rate-limited-until': m20261205_0800_feeds,
};
