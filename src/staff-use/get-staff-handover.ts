import type { Actor } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';
import { notFound } from '../platform/errors.js';
import { requireReader, type StaffHandoverView } from './staff-handover-view.js';
import { canDecideHandovers } from './staff-use.permissions.js';
import {
  contactExceptionsOfLeaver,
  findStaffHandover,
  liveAccountsOwnedBy,
  postsAwaitingApprovalOf,
} from './staff-use.repository.js';
/** One leaver's handover: what they own, what they approved, what waits on them, read as it is now. */
export async function getStaffHandover(db: DbExecutor, actor: Actor, id: string): Promise<StaffHandoverView> {
  requireReader(actor);
  const row = await findStaffHandover(db, actor.schoolId, id);
  if (!row) throw notFound('HandoverNotFound', 'no such handover in this school');
  const accounts = await liveAccountsOwnedBy(db, actor.schoolId, row.staff_id);
  const exceptions = await contactExceptionsOfLeaver(db, actor.schoolId, row.staff_id);
  const posts = await postsAwaitingApprovalOf(db, actor.schoolId, row.staff_id);
  const candidates = await db
    .selectFrom('staff_memberships')
    .innerJoin('staff', 'staff.id', 'staff_memberships.staff_id')
    .select(['staff.id', 'staff.given_name', 'staff.family_name'])
    .where('staff_memberships.school_id', '=', actor.schoolId)
    .where('staff_memberships.status', '=', 'active')
    .orderBy('staff.family_name')
    .orderBy('staff.given_name')
    .execute();
  return {
    id: row.id,
    staffId: row.staff_id,
    staffName: `${row.given_name} ${row.family_name}`,
    status: row.status,
    openedAt: row.opened_at.toISOString(),
    openedBy: row.opened_by,
    doneAt: row.done_at?.toISOString() ?? null,
    accounts: accounts.map((a) => ({
      id: a.id,
      platform: a.platform,
      handle: a.handle,
      purpose: a.purpose,
      status: a.status,
      ownership: a.other_owners.length === 0 ? 'sole_owner' : a.is_primary ? 'primary_owner' : 'co_owner',
      otherOwners: a.other_owners,
    })),
    contactExceptions: exceptions.map((e) => ({
      id: e.id,
      staffName: `${e.given_name} ${e.family_name}`,
      channel: e.channel,
      status: e.status,
      audience: e.audience,
      from: e.from_on,
      to: e.to_on,
      relation: e.staff_id === row.staff_id ? 'their_own' : 'approved_by_them',
    })),
    postsAwaitingApproval: posts.map((p) => ({
      id: p.id,
      account: p.handle ? `${p.platform} ${p.handle}` : p.platform,
      writtenByLeaver: p.author_staff_id === row.staff_id,
    })),
    candidates: candidates.map((c) => ({ id: c.id, name: `${c.given_name} ${c.family_name}` })),
    canDecide: canDecideHandovers(actor) && row.status === 'open',
  };
}
