import type { ApprovedPersonalChannels } from '../checks/engine/text/personal-channel.js';
import type { DbExecutor } from '../platform/db/database.js';
import { approvedContactsOn } from './staff-use.repository.js';

/**
 * The personal channels the headteacher approved for this member of staff on `today`, for the check engine
 * (contact.personal_channel): exact numbers and addresses, and whether an approval named none.
 */
export async function approvedPersonalChannelsFor(
  db: DbExecutor,
  schoolId: string,
  staffId: string,
  today: string,
): Promise<ApprovedPersonalChannels> {
  const rows = await approvedContactsOn(db, schoolId, staffId, today);
  const phones = rows.filter((r) => r.channel === 'personal_phone');
  const emails = rows.filter((r) => r.channel === 'personal_email');
  return {
    phones: phones.flatMap((r) => (r.contact ? [r.contact] : [])),
    emails: emails.flatMap((r) => (r.contact ? [r.contact] : [])),
    anyPhone: phones.some((r) => !r.contact),
    anyEmail: emails.some((r) => !r.contact),
  };
}
