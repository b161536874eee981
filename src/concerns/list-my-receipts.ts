import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import { forbidden } from '../platform/errors.js';
import type { ConcernContext } from './concern-access.js';
import { listReportedBy } from './concerns.repository.js';
import type { Receipt } from './report-concern.js';

/** The reporter's own receipts: reference, type and status only, never the leads' work. */
export async function listMyReceipts(
  ctx: ConcernContext,
  actor: Actor,
  input: { schoolId: string },
): Promise<Receipt[]> {
  if (actor.kind !== 'staff' || actor.schoolId !== input.schoolId)
    throw forbidden('ConcernReceiptsForbidden', 'receipts are for the member of staff who reported');
  return ctx.db.transaction().execute(async (tx) => {
    const rows = await listReportedBy(tx, input.schoolId, actor.staffId);
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      event: {
        type: 'concern.receipts_viewed',
        subject: { type: 'staff', id: actor.staffId },
        data: { count: rows.length },
      },
      at: ctx.now,
    });
    return rows.map((r) => ({
      reference: r.reference,
      type: r.type,
      status: r.status,
      reportedAt: r.created_at.toISOString(),
    }));
  });
}
