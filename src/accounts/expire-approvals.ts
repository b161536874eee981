import { notify } from '../notifications/notify.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import { daysBetween } from '../platform/calendar/dates.js';
import type { Db } from '../platform/db/database.js';
import { linkTo } from '../shared/links.js';
import {
  approvalsEndingBy,
  findAccountForUpdate,
  findRegisterSettings,
  ownersOf,
  updateAccountRow,
} from './accounts.repository.js';
import type { AccountsDeps } from './accounts-deps.js';
import { transitionAccount } from './transition-account.js';

const MAX_REMINDER_DAYS = 180;
const expiryActor: Actor = { kind: 'system', label: 'accounts.approval_expiry' };

/**
 * The daily pass over approvals: an approval that has ended sends the account back for review (students
 * lose access until someone approves it again, clause 2.2); one ending within the school's reminder window
 * reminds its owners and their managers, once per approval. Idempotent, so a re-run changes nothing.
 */
export async function runApprovalExpiry(
  db: Db,
  deps: AccountsDeps,
): Promise<{ expired: number; reminded: number }> {
  const today = deps.clock.today();
  const horizon = new Date(`${today}T00:00:00Z`);
  horizon.setUTCDate(horizon.getUTCDate() + MAX_REMINDER_DAYS);
  const candidates = await approvalsEndingBy(db, horizon.toISOString().slice(0, 10));
  const reminderDays = new Map<string, number>();
  let expired = 0;
  let reminded = 0;
  for (const account of candidates) {
    const expiresOn = account.approval_expires_on;
    if (!expiresOn) continue;
    if (expiresOn <= today) {
      await transitionAccount(db, expiryActor, account.school_id, account.id, 'expire', undefined, deps);
      expired++;
      continue;
    }
    let window = reminderDays.get(account.school_id);
    if (window === undefined) {
      window = (await findRegisterSettings(db, account.school_id))?.reminder_days ?? 30;
      reminderDays.set(account.school_id, window);
    }
    if (daysBetween(today, expiresOn) > window || account.expiry_reminder_sent_for === expiresOn) continue;
    const sent = await db.transaction().execute(async (tx) => {
      const row = await findAccountForUpdate(tx, account.school_id, account.id);
      if (row?.status !== 'approved' || row.expiry_reminder_sent_for === expiresOn) return false;
      const owners = await ownersOf(tx, row.school_id, [row.id]);
      const managers = owners.flatMap((o) => (o.managerStaffId ? [o.managerStaffId] : []));
      await updateAccountRow(tx, row.id, { expiry_reminder_sent_for: expiresOn });
      await notify(tx, {
        schoolId: row.school_id,
        staffIds: [...new Set([...owners.map((o) => o.staffId), ...managers])],
        kind: 'accounts.approval_ending',
        title: `A school social media account’s approval ends on ${expiresOn}; it then returns for review`,
        link: linkTo('account', { id: row.id }),
        email: {
          subject: 'A school social media account’s approval is ending',
          text: 'The approval of a school social media account you own or manage ends soon, and the account then returns for review. Sign in to Guardpost to see it.',
        },
        now: deps.clock.now(),
      });
      await recordAudit(tx, {
        actor: expiryActor,
        schoolId: row.school_id,
        at: deps.clock.now(),
        event: {
          type: 'account.expiry_reminded',
          subject: { type: 'account', id: row.id },
          data: { expiresOn },
        },
      });
      return true;
    });
    if (sent) reminded++;
  }
  return { expired, reminded };
}
