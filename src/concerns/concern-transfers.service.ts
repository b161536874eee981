import { notify } from '../notifications/notify.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Db, DbExecutor } from '../platform/db/database.js';
import { forbidden, invalid, notFound } from '../platform/errors.js';
import { linkTo } from '../shared/links.js';
import { recordConcernListViewed } from './concern.events.js';
import { canManageTransfers } from './concern.permissions.js';
import { addSchoolDays } from './concern-deadlines.js';
import { listActiveStaff } from './concerns.repository.js';

/** The job queue that opens transfer tasks for leavers with a child protection file. */
export const CONCERN_TRANSFER_SCAN_QUEUE = 'concerns.transfer_scan';
/** KCSIE: the file follows the child within 5 school days. */
export const TRANSFER_SCHOOL_DAYS = 5;

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

/**
 * Opens one transfer task per leaver who has any concern, due 5 school days after leaving, and tells the
 * DSL and deputies (generically). Idempotent: a pupil and leaving date get one task, ever.
 */
export async function openTransferTasks(db: Db, now: Date): Promise<number> {
  return db.transaction().execute((tx) => openTransferTasksIn(tx, now));
}

/** The same inside the caller's transaction: the job's own, so the job is marked done with it. */
export async function openTransferTasksIn(tx: DbExecutor, now: Date): Promise<number> {
  const system: Actor = { kind: 'system', label: 'transfers' };
  const leavers = await tx
    .selectFrom('pupils')
    .select(['pupils.id', 'pupils.school_id', 'pupils.left_on'])
    .where('pupils.status', '=', 'left')
    .where('pupils.left_on', 'is not', null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('concern_pupils')
          .select('concern_pupils.pupil_id')
          .whereRef('concern_pupils.pupil_id', '=', 'pupils.id'),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('concern_transfers')
            .select('concern_transfers.id')
            .whereRef('concern_transfers.pupil_id', '=', 'pupils.id')
            .whereRef('concern_transfers.left_on', '=', 'pupils.left_on'),
        ),
      ),
    )
    .execute();
  for (const pupil of leavers) {
    const leftOn = pupil.left_on ?? '';
    const dueOn = addSchoolDays(leftOn, TRANSFER_SCHOOL_DAYS);
    const row = await tx
      .insertInto('concern_transfers')
      .values({
        school_id: pupil.school_id,
        pupil_id: pupil.id,
        left_on: leftOn,
        due_on: dueOn,
        destination: null,
        sent_method: null,
        sent_at: null,
        sent_by: null,
        receipt_confirmed_at: null,
        receipt_confirmed_by: null,
        receipt_from: null,
        created_at: now,
      })
      .onConflict((oc) => oc.columns(['pupil_id', 'left_on']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) continue;
    const leads = (await listActiveStaff(tx, pupil.school_id)).filter(
      (s) => s.roles.includes('dsl') || s.roles.includes('deputy_dsl'),
    );
    await notify(tx, {
      schoolId: pupil.school_id,
      staffIds: leads.map((s) => s.staffId),
      kind: 'concern.transfer_due',
      title: 'A child protection file needs transferring',
      link: linkTo('concernTransfers'),
      email: true,
      now,
    });
    await recordAudit(tx, {
      actor: system,
      schoolId: pupil.school_id,
      event: {
        type: 'concern.transfer_created',
        subject: { type: 'concern_transfer', id: row.id },
        data: { pupilId: pupil.id, dueOn },
      },
      at: now,
    });
  }
  return leavers.length;
}

function requireLead(actor: Actor, schoolId: string): void {
  if (!canManageTransfers(actor, schoolId))
    throw forbidden('TransferForbidden', 'child protection file transfers are for the DSL and deputy DSLs');
}

export async function listTransferTasks(
  db: Db,
  actor: Actor,
  input: { schoolId: string; today: string; now: Date },
): Promise<TransferTask[]> {
  requireLead(actor, input.schoolId);
  const rows = await db.transaction().execute(async (tx) => {
    const found = await tx
      .selectFrom('concern_transfers')
      .innerJoin('pupils', 'pupils.id', 'concern_transfers.pupil_id')
      .selectAll('concern_transfers')
      .select(['pupils.given_name', 'pupils.family_name'])
      .where('concern_transfers.school_id', '=', input.schoolId)
      .orderBy('concern_transfers.due_on')
      .execute();
    // Which pupils have a child protection file is itself safeguarding information: the read is recorded.
    await recordConcernListViewed(tx, {
      actor,
      schoolId: input.schoolId,
      view: 'transfers',
      count: found.length,
      at: input.now,
    });
    return found;
  });
  return rows.map((r) => ({
    id: r.id,
    pupilId: r.pupil_id,
    pupilName: `${r.given_name} ${r.family_name}`,
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
  requireLead(actor, input.schoolId);
  const by = actor.kind === 'staff' ? actor.staffId : null;
  await db.transaction().execute(async (tx) => {
    const row = /^[0-9a-f-]{36}$/i.test(input.transferId)
      ? await tx
          .selectFrom('concern_transfers')
          .selectAll()
          .where('id', '=', input.transferId)
          .where('school_id', '=', input.schoolId)
          .forUpdate()
          .executeTakeFirst()
      : undefined;
    if (!row) throw notFound('TransferNotFound', 'no such transfer task');
    if (input.step.kind === 'sent') {
      if (row.status !== 'pending') throw invalid('TransferAlreadySent', 'this file has been sent already');
      await tx
        .updateTable('concern_transfers')
        .set({
          status: 'sent',
          destination: input.step.destination,
          sent_method: input.step.method,
          sent_at: input.now,
          sent_by: by,
        })
        .where('id', '=', row.id)
        .execute();
    } else {
      if (row.status !== 'sent') throw invalid('TransferNotSent', 'record the sending first');
      await tx
        .updateTable('concern_transfers')
        .set({
          status: 'received',
          receipt_from: input.step.from,
          receipt_confirmed_at: input.now,
          receipt_confirmed_by: by,
        })
        .where('id', '=', row.id)
        .execute();
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
