import type { DbExecutor } from '../platform/db/database.js';
import type { ConcernTransferRow } from './concerns.table.js';

/** Queries on child protection file transfers. */

/** `pupilId|leftOn` of the transfers already opened for these pupils. */
export async function existingTransferKeys(
  db: DbExecutor,
  pupilIds: readonly string[],
): Promise<Set<string>> {
  if (pupilIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('concern_transfers')
    .select(['pupil_id', 'left_on'])
    .where('pupil_id', 'in', [...pupilIds])
    .execute();
  return new Set(rows.map((r) => `${r.pupil_id}|${r.left_on}`));
}

/** Opens a transfer task; undefined when the pupil and leaving date have one already. */
export async function insertTransfer(
  db: DbExecutor,
  input: { schoolId: string; pupilId: string; leftOn: string; dueOn: string; now: Date },
): Promise<{ id: string } | undefined> {
  return db
    .insertInto('concern_transfers')
    .values({
      school_id: input.schoolId,
      pupil_id: input.pupilId,
      left_on: input.leftOn,
      due_on: input.dueOn,
      destination: null,
      sent_method: null,
      sent_at: null,
      sent_by: null,
      receipt_confirmed_at: null,
      receipt_confirmed_by: null,
      receipt_from: null,
      created_at: input.now,
    })
    .onConflict((oc) => oc.columns(['pupil_id', 'left_on']).doNothing())
    .returning('id')
    .executeTakeFirst();
}

/** A school's transfer tasks, soonest due first. */
export async function listTransfers(db: DbExecutor, schoolId: string): Promise<ConcernTransferRow[]> {
  return db
    .selectFrom('concern_transfers')
    .selectAll()
    .where('school_id', '=', schoolId)
    .orderBy('due_on')
    .execute();
}

/** The transfer task locked for the rest of the transaction. */
export async function lockTransfer(
  db: DbExecutor,
  schoolId: string,
  id: string,
): Promise<ConcernTransferRow | undefined> {
  return db
    .selectFrom('concern_transfers')
    .selectAll()
    .where('id', '=', id)
    .where('school_id', '=', schoolId)
    .forUpdate()
    .executeTakeFirst();
}

export async function markTransferSent(
  db: DbExecutor,
  id: string,
  input: { destination: string; method: string; at: Date; by: string | null },
): Promise<void> {
  await db
    .updateTable('concern_transfers')
    .set({
      status: 'sent',
      destination: input.destination,
      sent_method: input.method,
      sent_at: input.at,
      sent_by: input.by,
    })
    .where('id', '=', id)
    .execute();
}

export async function markTransferReceived(
  db: DbExecutor,
  id: string,
  input: { from: string; at: Date; by: string | null },
): Promise<void> {
  await db
    .updateTable('concern_transfers')
    .set({
      status: 'received',
      receipt_from: input.from,
      receipt_confirmed_at: input.at,
      receipt_confirmed_by: input.by,
    })
    .where('id', '=', id)
    .execute();
}
