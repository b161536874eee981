import { pupilNames } from '../people/people.queries.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import { forbidden } from '../platform/errors.js';
import { listTransfers } from './concern-transfers.repository.js';
import { recordConcernListViewed } from './concerns.events.js';
import { canManageTransfers } from './concerns.permissions.js';

export interface TransferTask {
  id: string;
  pupilId: string;
  pupilName: string;
  leftOn: string;
  dueOn: string;
  status: 'pending' | 'sent' | 'received';
  destination: string | null;
  sentMethod: string | null;
  sentAt: string | null;
  receiptConfirmedAt: string | null;
  receiptFrom: string | null;
  overdue: boolean;
}

/** Child protection file transfers are for the DSL and deputies only (see canManageTransfers). */
export function requireTransferLead(actor: Actor, schoolId: string): void {
  if (!canManageTransfers(actor, schoolId))
    throw forbidden('TransferForbidden', 'child protection file transfers are for the DSL and deputy DSLs');
}

/** The school's transfer tasks, soonest due first; the read is audited. */
export async function listTransferTasks(
  db: Db,
  actor: Actor,
  input: { schoolId: string; today: string; now: Date },
): Promise<TransferTask[]> {
  requireTransferLead(actor, input.schoolId);
  const { rows, names } = await db.transaction().execute(async (tx) => {
    const found = await listTransfers(tx, input.schoolId);
    const pupilNameOf = await pupilNames(
      tx,
      found.map((r) => r.pupil_id),
    );
    // Which pupils have a child protection file is itself safeguarding information: the read is recorded.
    await recordConcernListViewed(tx, {
      actor,
      schoolId: input.schoolId,
      view: 'transfers',
      count: found.length,
      at: input.now,
    });
    return { rows: found, names: pupilNameOf };
  });
  return rows.map((r) => ({
    id: r.id,
    pupilId: r.pupil_id,
    pupilName: names.get(r.pupil_id) ?? '',
    leftOn: r.left_on,
    dueOn: r.due_on,
    status: r.status,
    destination: r.destination,
    sentMethod: r.sent_method,
    sentAt: r.sent_at?.toISOString() ?? null,
    receiptConfirmedAt: r.receipt_confirmed_at?.toISOString() ?? null,
    receiptFrom: r.receipt_from,
    overdue: r.status === 'pending' && r.due_on < input.today,
  }));
}
