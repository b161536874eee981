import type { Actor } from '../platform/auth/roles.js';
import { daysBetween } from '../platform/calendar/dates.js';
import type { DbExecutor } from '../platform/db/database.js';
import { forbidden } from '../platform/errors.js';
import { describePeriod, NEWCOMER_DAYS, periodOf } from './periods.js';
import { currentPolicyHash } from './policy-version.js';
import { isStaff } from './staff-use.permissions.js';
import { readStaffUseSettings } from './update-staff-use-settings.js';
export interface MyStaffUseStatus {
  period: string;
  periodLabel: string;
  policyAcknowledged: boolean;
  /** A newcomer's last day for the three first asks (joined in the last two weeks), or null. */
  newcomerDueOn: string | null;
  privacy: { platform: string; confirmed: number; total: number; attestedAt: string }[];
  selfAudits: {
    platform: string;
    followersChecked: number;
    matches: number;
    allResolved: boolean;
    attestedAt: string;
  }[];
}

/** A member of staff's own record for this period (their own answers' counts, never anyone else's). */
export async function getMyStaffUseStatus(
  db: DbExecutor,
  actor: Actor,
  today: string,
): Promise<MyStaffUseStatus> {
  if (!isStaff(actor)) throw forbidden('StaffOnly', 'only a member of staff has a record');
  const settings = await readStaffUseSettings(db, actor.schoolId);
  const period = periodOf(today, settings.attestationPeriod);
  const hash = await currentPolicyHash(db, actor.schoolId);
  const acknowledged = hash
    ? await db
        .selectFrom('policy_acknowledgements')
        .select('id')
        .where('school_id', '=', actor.schoolId)
        .where('staff_id', '=', actor.staffId)
        .where('document_hash', '=', hash)
        .executeTakeFirst()
    : undefined;
  const privacy = await db
    .selectFrom('privacy_attestations')
    .select(['platform', 'settings_confirmed', 'settings_total', 'attested_at'])
    .where('school_id', '=', actor.schoolId)
    .where('staff_id', '=', actor.staffId)
    .where('period', '=', period)
    .orderBy('platform')
    .execute();
  const audits = await db
    .selectFrom('self_audit_attestations')
    .select(['platform', 'followers_checked', 'matches', 'all_resolved', 'attested_at'])
    .where('school_id', '=', actor.schoolId)
    .where('staff_id', '=', actor.staffId)
    .where('period', '=', period)
    .orderBy('attested_at', 'desc')
    .execute();
  const membership = await db
    .selectFrom('staff_memberships')
    .select('created_at')
    .where('school_id', '=', actor.schoolId)
    .where('staff_id', '=', actor.staffId)
    .executeTakeFirst();
  const joined = membership?.created_at.toISOString().slice(0, 10);
  const newcomerDueOn =
    joined && daysBetween(joined, today) < NEWCOMER_DAYS
      ? new Date(Date.parse(`${joined}T00:00:00Z`) + NEWCOMER_DAYS * 86_400_000).toISOString().slice(0, 10)
      : null;
  return {
    period,
    periodLabel: describePeriod(period),
    policyAcknowledged: acknowledged !== undefined,
    newcomerDueOn,
    privacy: privacy.map((r) => ({
      platform: r.platform,
      confirmed: r.settings_confirmed,
      total: r.settings_total,
      attestedAt: r.attested_at.toISOString(),
    })),
    selfAudits: audits.map((r) => ({
      platform: r.platform,
      followersChecked: r.followers_checked,
      matches: r.matches,
      allResolved: r.all_resolved,
      attestedAt: r.attested_at.toISOString(),
    })),
  };
}
