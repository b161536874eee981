import { notify } from '../notifications/notify.js';
import type { Db } from '../platform/db/database.js';
import { linkTo } from '../shared/links.js';
import { DAY_MS, REMINDER_DAYS, requireCurrent } from './policy-acknowledgements.js';

/**
 * Reminds everyone who has not acknowledged their school's current version after 7 and after 14 days
 * (counted from when the version became current, or from when they joined if later). The reminder table's
 * unique key makes each reminder go once per person per text, however often this runs; when both are due
 * at once (a late run), both are recorded but one message goes.
 */
export async function sendAcknowledgementReminders(db: Db, now: Date): Promise<{ reminded: number }> {
  const schools = await db
    .selectFrom('policy_versions')
    .select(['school_id'])
    .where('is_current', '=', true)
    .execute();
  let reminded = 0;
  for (const { school_id: schoolId } of schools) {
    reminded += await db.transaction().execute(async (tx) => {
      const current = await requireCurrent(tx, schoolId);
      const pending = await tx
        .selectFrom('staff_memberships')
        .select(['staff_memberships.staff_id', 'staff_memberships.created_at'])
        .where('staff_memberships.school_id', '=', schoolId)
        .where('staff_memberships.status', '=', 'active')
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('policy_acknowledgements')
                .select('policy_acknowledgements.id')
                .whereRef('policy_acknowledgements.staff_id', '=', 'staff_memberships.staff_id')
                .where('policy_acknowledgements.school_id', '=', schoolId)
                .where('policy_acknowledgements.document_hash', '=', current.document_hash),
            ),
          ),
        )
        .execute();
      const due: string[] = [];
      for (const person of pending) {
        const since = Math.max(current.created_at.getTime(), person.created_at.getTime());
        const days = Math.floor((now.getTime() - since) / DAY_MS);
        let sent = false;
        for (const afterDays of REMINDER_DAYS) {
          if (days < afterDays) continue;
          const row = await tx
            .insertInto('policy_acknowledgement_reminders')
            .values({
              school_id: schoolId,
              staff_id: person.staff_id,
              document_hash: current.document_hash,
              after_days: afterDays,
              sent_at: now,
            })
            .onConflict((oc) =>
              oc.columns(['school_id', 'staff_id', 'document_hash', 'after_days']).doNothing(),
            )
            .returning('id')
            .executeTakeFirst();
          if (row) sent = true;
        }
        if (sent) due.push(person.staff_id);
      }
      if (due.length === 0) return 0;
      await notify(tx, {
        schoolId,
        staffIds: due,
        kind: 'policy.acknowledgement_reminder',
        title: `Please read and acknowledge the social media policy (${current.label})`,
        link: linkTo('policy'),
        email: {
          subject: 'Please acknowledge the staff social media policy',
          text: 'The staff social media policy asks for your acknowledgement. Sign in to Guardpost to read it and confirm you have read and understood it.',
          html: '<p>The staff social media policy asks for your acknowledgement.</p><p>Sign in to Guardpost to read it and confirm you have read and understood it.</p>',
        },
        now,
      });
      return due.length;
    });
  }
  return { reminded };
}
