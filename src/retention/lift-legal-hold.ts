import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db/database.js';
import { conflict, forbidden, invalid, notFound } from '../platform/errors.js';
import { canPlaceHold } from './retention.permissions.js';
import { findHold, markHoldLifted } from './retention.repository.js';

/** Lifts a hold (the row stays, with who lifted it and why). Audited. */
export async function liftLegalHold(
  db: Db,
  actor: Actor,
  input: { schoolId: string; holdId: string; reason: string },
  clock: Clock,
): Promise<void> {
  const now = clock.now();
  await db.transaction().execute(async (tx) => {
    const hold = await findHold(tx, input.schoolId, input.holdId);
    if (!hold) throw notFound('LegalHoldNotFound', 'there is no such legal hold in this school');
    if (!canPlaceHold(actor, input.schoolId, hold.target_kind))
      throw forbidden('LegalHoldForbidden', 'only whoever may place this hold may lift it');
    if (hold.lifted_at) throw conflict('LegalHoldAlreadyLifted', 'this hold was already lifted');
    const reason = input.reason.trim();
    if (reason.length < 5) throw invalid('LegalHoldReasonRequired', 'say why the hold is no longer needed');
    await markHoldLifted(tx, hold.id, {
      by: actor.kind === 'staff' ? actor.staffId : null,
      reason,
      at: now,
    });
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      event: {
        type: 'retention.hold_lifted',
        subject: { type: 'legal_hold', id: hold.id },
        data: { targetKind: hold.target_kind, targetId: hold.target_id },
      },
      at: now,
    });
  });
}
