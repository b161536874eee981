import { handOverLeaversAccount, type LeaverAccountDecision } from '../accounts/hand-over-account.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import { conflict, forbidden, notFound } from '../platform/errors.js';
import { getStaffHandover } from './get-staff-handover.js';
import { markDone } from './staff-handover-done.js';
import type { StaffHandoverView } from './staff-handover-view.js';
import { canDecideHandovers } from './staff-use.permissions.js';
import { findStaffHandover, liveAccountsOwnedBy } from './staff-use.repository.js';
/**
 * SMT's decision on one of a leaver's accounts: a new owner takes the leaver's place, or the account is
 * closed on the register. One transaction: the account's change and history, the handover's audit event,
 * and the handover marked done when no account of theirs is left.
 */
export async function decideHandoverAccount(
  db: Db,
  actor: Actor,
  input: { handoverId: string; accountId: string; decision: LeaverAccountDecision; now: Date },
): Promise<StaffHandoverView> {
  if (actor.kind !== 'staff' || !canDecideHandovers(actor))
    throw forbidden('HandoverForbidden', 'only SMT or the headteacher hands over a leaver’s accounts');
  await db.transaction().execute(async (tx) => {
    const handover = await findStaffHandover(tx, actor.schoolId, input.handoverId, true);
    if (!handover) throw notFound('HandoverNotFound', 'no such handover in this school');
    if (handover.status !== 'open') throw conflict('HandoverDone', 'this handover is already done');
    const { outcome } = await handOverLeaversAccount(tx, actor, {
      schoolId: actor.schoolId,
      accountId: input.accountId,
      leaverStaffId: handover.staff_id,
      decision: input.decision,
      at: input.now,
    });
    await recordAudit(tx, {
      actor,
      schoolId: actor.schoolId,
      at: input.now,
      event: {
        type: 'staff_use.handover_account_decided',
        subject: { type: 'staff_handover', id: handover.id },
        data: {
          accountId: input.accountId,
          outcome,
          toStaffId: input.decision.kind === 'new_owner' ? input.decision.staffId : null,
        },
      },
    });
    const left = await liveAccountsOwnedBy(tx, actor.schoolId, handover.staff_id);
    if (left.length === 0) await markDone(tx, actor, handover.id, handover.staff_id, input.now);
  });
  return getStaffHandover(db, actor, input.handoverId);
}
