import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Db, DbExecutor } from '../platform/db/database.js';

export const expiryActor: Actor = { kind: 'system', label: 'staff_use.contact_expiry' };

/**
 * A member of staff who has left keeps no approval and no open request: each is closed, audited, one
 * transaction per leaver (their accounts are handed over on the handover task, src/staff-use/open-staff-handover.ts).
 */
export async function closeLeaversExceptions(db: Db, now: Date): Promise<number> {
  const leavers = await db
    .selectFrom('contact_exceptions')
    .innerJoin('staff_memberships', (join) =>
      join
        .onRef('staff_memberships.staff_id', '=', 'contact_exceptions.staff_id')
        .onRef('staff_memberships.school_id', '=', 'contact_exceptions.school_id'),
    )
    .select(['contact_exceptions.staff_id', 'contact_exceptions.school_id'])
    .distinct()
    .where('contact_exceptions.status', 'in', ['pending', 'approved'])
    .where('staff_memberships.status', '=', 'left')
    .execute();
  let closed = 0;
  for (const row of leavers) {
    closed += await db
      .transaction()
      .execute((tx) => closeExceptionsOfLeaver(tx, row.school_id, row.staff_id, now));
  }
  return closed;
}

/** Closes a leaver's pending and approved contact exceptions inside the caller's transaction, each audited. */
export async function closeExceptionsOfLeaver(
  tx: DbExecutor,
  schoolId: string,
  staffId: string,
  now: Date,
): Promise<number> {
  const open = await tx
    .selectFrom('contact_exceptions')
    .select('id')
    .where('school_id', '=', schoolId)
    .where('staff_id', '=', staffId)
    .where('status', 'in', ['pending', 'approved'])
    .forUpdate()
    .execute();
  for (const row of open) {
    await tx
      .updateTable('contact_exceptions')
      .set({ status: 'closed', closed_reason: 'left the school', updated_at: now })
      .where('id', '=', row.id)
      .execute();
    await recordAudit(tx, {
      actor: expiryActor,
      schoolId,
      at: now,
      event: {
        type: 'staff_use.contact_exception_closed',
        subject: { type: 'contact_exception', id: row.id },
        data: { why: 'leaver' },
      },
    });
  }
  return open.length;
}
