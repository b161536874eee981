import type { Actor } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import { conflict, forbidden, notFound } from '../platform/errors.js';
import { getStaffHandover } from './get-staff-handover.js';
import { markDone } from './staff-handover-done.js';
import type { StaffHandoverView } from './staff-handover-view.js';
import { canDecideHandovers } from './staff-use.permissions.js';
import { findStaffHandover, liveAccountsOwnedBy } from './staff-use.repository.js';
/** Closes a handover with nothing left to hand over (a leaver who owned no account). */
export async function completeStaffHandover(
  db: Db,
  actor: Actor,
  input: { handoverId: string; now: Date },
): Promise<StaffHandoverView> {
  if (actor.kind !== 'staff' || !canDecideHandovers(actor))
    throw forbidden('HandoverForbidden', 'only SMT or the headteacher completes a leaver’s handover');
  await db.transaction().execute(async (tx) => {
    const handover = await findStaffHandover(tx, actor.schoolId, input.handoverId, true);
    if (!handover) throw notFound('HandoverNotFound', 'no such handover in this school');
    if (handover.status !== 'open') throw conflict('HandoverDone', 'this handover is already done');
    const left = await liveAccountsOwnedBy(tx, actor.schoolId, handover.staff_id);
    if (left.length > 0)
      throw conflict('HandoverNotFinished', 'give each of their accounts a new owner, or close it, first');
    await markDone(tx, actor, handover.id, handover.staff_id, input.now);
  });
  return getStaffHandover(db, actor, input.handoverId);
}
