import { notify } from '../notifications/notify.js';
import { recordAudit } from '../platform/audit/audit.js';
import { formatUkDate } from '../platform/calendar/dates.js';
import type { Db } from '../platform/db/database.js';
import { linkTo } from '../shared/links.js';
import { closeLeaversExceptions, expiryActor } from './close-leavers-exceptions.js';
import { approvedExceptionsEndingBy, findContactException } from './staff-use.repository.js';
import type { ContactExceptionRow } from './staff-use.table.js';
/** The requester is reminded this many days before the approval ends. */
export const EXPIRY_REMINDER_DAYS = 3;

/**
 * The daily pass: an approval whose last day has passed expires (the post checks stop allowing its channel);
 * one ending within three days reminds its holder, once. Idempotent: a re-run changes nothing.
 */
export async function runContactExceptionExpiry(
  db: Db,
  now: Date,
  today: string,
): Promise<{ expired: number; reminded: number; closed: number }> {
  const horizon = new Date(`${today}T00:00:00Z`);
  horizon.setUTCDate(horizon.getUTCDate() + EXPIRY_REMINDER_DAYS);
  const candidates = await approvedExceptionsEndingBy(db, horizon.toISOString().slice(0, 10));
  let expired = 0;
  let reminded = 0;
  const closed = await closeLeaversExceptions(db, now);
  for (const candidate of candidates) {
    const outcome = await db.transaction().execute(async (tx) => {
      const row: ContactExceptionRow | undefined = await findContactException(
        tx,
        candidate.school_id,
        candidate.id,
        true,
      );
      if (row?.status !== 'approved') return 'none';
      if (row.to_on < today) {
        await tx
          .updateTable('contact_exceptions')
          .set({ status: 'expired', updated_at: now })
          .where('id', '=', row.id)
          .execute();
        await recordAudit(tx, {
          actor: expiryActor,
          schoolId: row.school_id,
          at: now,
          event: {
            type: 'staff_use.contact_exception_expired',
            subject: { type: 'contact_exception', id: row.id },
            data: { to: row.to_on },
          },
        });
        await notify(tx, {
          schoolId: row.school_id,
          staffIds: [row.staff_id],
          kind: 'staff_use.contact_exception_ended',
          title: `Your approval to use a personal channel for school business ended on ${formatUkDate(row.to_on)}`,
          link: linkTo('contactExceptions'),
          now,
        });
        return 'expired';
      }
      if (row.expiry_reminded_at) return 'none';
      await tx
        .updateTable('contact_exceptions')
        .set({ expiry_reminded_at: now, updated_at: now })
        .where('id', '=', row.id)
        .execute();
      await recordAudit(tx, {
        actor: expiryActor,
        schoolId: row.school_id,
        at: now,
        event: {
          type: 'staff_use.contact_exception_expiry_reminded',
          subject: { type: 'contact_exception', id: row.id },
          data: { to: row.to_on },
        },
      });
      await notify(tx, {
        schoolId: row.school_id,
        staffIds: [row.staff_id],
        kind: 'staff_use.contact_exception_ending',
        title: `Your approval to use a personal channel for school business ends on ${formatUkDate(row.to_on)}`,
        body: 'After that day, use school channels again, or ask the headteacher for a new approval.',
        link: linkTo('contactExceptions'),
        email: {
          subject: 'Your approval to use a personal channel is ending',
          text: 'Your approval to use a personal phone or email for school business ends soon. Sign in to Guardpost to see it, or to ask for a new one.',
        },
        now,
      });
      return 'reminded';
    });
    if (outcome === 'expired') expired++;
    if (outcome === 'reminded') reminded++;
  }
  return { expired, reminded, closed };
}
