import type { Actor } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';
import { requireReader, type StaffHandoverListItem } from './staff-handover-view.js';
import { liveAccountsOwnedBy } from './staff-use.repository.js';
/** The school's handovers, open first. */
export async function listStaffHandovers(db: DbExecutor, actor: Actor): Promise<StaffHandoverListItem[]> {
  requireReader(actor);
  const rows = await db
    .selectFrom('staff_handovers')
    .innerJoin('staff', 'staff.id', 'staff_handovers.staff_id')
    .select([
      'staff_handovers.id',
      'staff_handovers.staff_id',
      'staff_handovers.status',
      'staff_handovers.opened_at',
      'staff.given_name',
      'staff.family_name',
    ])
    .where('staff_handovers.school_id', '=', actor.schoolId)
    .orderBy('staff_handovers.status', 'desc')
    .orderBy('staff_handovers.opened_at', 'desc')
    .execute();
  const items: StaffHandoverListItem[] = [];
  for (const r of rows) {
    const accounts = r.status === 'open' ? await liveAccountsOwnedBy(db, actor.schoolId, r.staff_id) : [];
    items.push({
      id: r.id,
      staffName: `${r.given_name} ${r.family_name}`,
      status: r.status,
      openedAt: r.opened_at.toISOString(),
      accountsLeft: accounts.length,
    });
  }
  return items;
}
