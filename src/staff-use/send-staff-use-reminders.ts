import { notify } from '../notifications/notify.js';
import { daysBetween } from '../platform/calendar/dates.js';
import type { Db } from '../platform/db/database.js';
import { linkTo } from '../shared/links.js';
import { describePeriod, NEWCOMER_DAYS, periodOf, periodStart } from './periods.js';
import type { StaffUseReminderTable } from './staff-use.table.js';
import { readStaffUseSettings } from './update-staff-use-settings.js';

export { NEWCOMER_DAYS } from './periods.js';
/** Termly reminders go once a period is this many days old, to those who have not attested in it. */
export const PERIOD_GRACE_DAYS = 14;

/**
 * The daily reminders of staff personal use. A member of staff who joined in the last two weeks is asked,
 * once, to do all three within their first two weeks; everyone else is reminded once per period, two weeks
 * into it, of whichever attestation they have not made. Each reminder is recorded (unique per person, kind
 * and period) in the transaction that sends it, so a re-run sends nothing twice.
 */
export async function sendStaffUseReminders(
  db: Db,
  now: Date,
  today: string,
): Promise<{ newcomers: number; privacy: number; selfAudit: number }> {
  const schools = await db.selectFrom('schools').select('id').execute();
  const totals = { newcomers: 0, privacy: 0, selfAudit: 0 };
  for (const { id: schoolId } of schools) {
    await db.transaction().execute(async (tx) => {
      const settings = await readStaffUseSettings(tx, schoolId);
      const period = periodOf(today, settings.attestationPeriod);
      const periodAge = daysBetween(periodStart(today, settings.attestationPeriod), today);
      const members = await tx
        .selectFrom('staff_memberships')
        .select(['staff_id', 'created_at'])
        .where('school_id', '=', schoolId)
        .where('status', '=', 'active')
        .execute();
      if (members.length === 0) return;
      const privacyDone = new Set(
        (
          await tx
            .selectFrom('privacy_attestations')
            .select('staff_id')
            .where('school_id', '=', schoolId)
            .where('period', '=', period)
            .execute()
        ).map((r) => r.staff_id),
      );
      const auditDone = new Set(
        (
          await tx
            .selectFrom('self_audit_attestations')
            .select('staff_id')
            .where('school_id', '=', schoolId)
            .where('period', '=', period)
            .where('all_resolved', '=', true)
            .execute()
        ).map((r) => r.staff_id),
      );
      const record = async (staffId: string, kind: StaffUseReminderTable['kind'], forPeriod: string) =>
        (await tx
          .insertInto('staff_use_reminders')
          .values({ school_id: schoolId, staff_id: staffId, kind, period: forPeriod, sent_at: now })
          .onConflict((oc) => oc.columns(['school_id', 'staff_id', 'kind', 'period']).doNothing())
          .returning('id')
          .executeTakeFirst()) !== undefined;
      const newcomers: string[] = [];
      const privacy: string[] = [];
      const audit: string[] = [];
      for (const member of members) {
        const joined = member.created_at.toISOString().slice(0, 10);
        if (daysBetween(joined, today) < NEWCOMER_DAYS) {
          if (await record(member.staff_id, 'newcomer', 'joined')) newcomers.push(member.staff_id);
          continue;
        }
        if (periodAge < PERIOD_GRACE_DAYS) continue;
        if (!privacyDone.has(member.staff_id) && (await record(member.staff_id, 'privacy', period)))
          privacy.push(member.staff_id);
        if (!auditDone.has(member.staff_id) && (await record(member.staff_id, 'self_audit', period)))
          audit.push(member.staff_id);
      }
      await notify(tx, {
        schoolId,
        staffIds: newcomers,
        kind: 'staff_use.newcomer',
        title:
          'Welcome: in your first two weeks, read the social media policy, check your followers and your privacy settings',
        link: linkTo('staffUse'),
        email: {
          subject: 'Your first two weeks: the staff social media policy',
          text: 'Welcome. In your first two weeks, please read and acknowledge the staff social media policy, check your personal accounts’ followers and attest your privacy settings. Sign in to Guardpost: it takes about ten minutes, and what you check stays private.',
        },
        now,
      });
      await notify(tx, {
        schoolId,
        staffIds: privacy,
        kind: 'staff_use.privacy_reminder',
        title: `Please check your personal accounts’ privacy settings for the ${describePeriod(period)}`,
        link: linkTo('privacySettings'),
        email: {
          subject: 'Please check your privacy settings',
          text: 'The staff social media policy asks you to check your personal accounts’ privacy settings each period. Sign in to Guardpost to go through the checklist; only the fact that you did is recorded.',
        },
        now,
      });
      await notify(tx, {
        schoolId,
        staffIds: audit,
        kind: 'staff_use.self_audit_reminder',
        title: `Please check your followers for the ${describePeriod(period)}`,
        link: linkTo('selfAudit'),
        email: {
          subject: 'Please check your followers',
          text: 'The staff social media policy asks you to check, each period, that no pupil, former pupil under 18 or parent follows your personal accounts. Sign in to Guardpost: your follower list is read on your own device and never sent.',
        },
        now,
      });
      totals.newcomers += newcomers.length;
      totals.privacy += privacy.length;
      totals.selfAudit += audit.length;
    });
  }
  return totals;
}
