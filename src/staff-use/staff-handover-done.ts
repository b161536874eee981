import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';

export async function markDone(
  tx: DbExecutor,
  actor: Extract<Actor, { kind: 'staff' }>,
  id: string,
  staffId: string,
  now: Date,
): Promise<void> {
  await tx
    .updateTable('staff_handovers')
    .set({ status: 'done', done_at: now, done_by_staff_id: actor.staffId })
    .where('id', '=', id)
    .execute();
  await recordAudit(tx, {
    actor,
    schoolId: actor.schoolId,
    at: now,
    event: { type: 'staff_use.handover_done', subject: { type: 'staff_handover', id }, data: { staffId } },
  });
}
