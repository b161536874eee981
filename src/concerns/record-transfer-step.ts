import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import { invalid, notFound } from '../platform/errors.js';
import { lockTransfer, markTransferReceived, markTransferSent } from './concern-transfers.repository.js';
import { requireTransferLead } from './list-transfer-tasks.js';

/** Records that the file was sent (where, how), then that its receipt was confirmed (by whom). Audited. */
export async function recordTransferStep(
  db: Db,
  actor: Actor,
  input: {
    schoolId: string;
    transferId: string;
    now: Date;
    step: { kind: 'sent'; destination: string; method: string } | { kind: 'received'; from: string };
  },
): Promise<void> {
  requireTransferLead(actor, input.schoolId);
  const by = actor.kind === 'staff' ? actor.staffId : null;
  await db.transaction().execute(async (tx) => {
    const row = /^[0-9a-f-]{36}$/i.test(input.transferId)
      ? await lockTransfer(tx, input.schoolId, input.transferId)
      : undefined;
    if (!row) throw notFound('TransferNotFound', 'no such transfer task');
    if (input.step.kind === 'sent') {
      if (row.status !== 'pending') throw invalid('TransferAlreadySent', 'this file has been sent already');
      await markTransferSent(tx, row.id, {
        destination: input.step.destination,
        method: input.step.method,
        at: input.now,
        by,
      });
    } else {
      if (row.status !== 'sent') throw invalid('TransferNotSent', 'record the sending first');
      await markTransferReceived(tx, row.id, { from: input.step.from, at: input.now, by });
    }
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      event: {
        type: input.step.kind === 'sent' ? 'concern.transfer_sent' : 'concern.transfer_receipt_confirmed',
        subject: { type: 'concern_transfer', id: row.id },
        data: { pupilId: row.pupil_id },
      },
      at: input.now,
    });
  });
}
