import { notify } from '../notifications/notify.js';
import { findLeavers, listActiveStaff } from '../people/people.queries.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Db, DbExecutor } from '../platform/db/database.js';
import { linkTo } from '../shared/links.js';
import { addSchoolDays } from './concern-deadlines.js';
import { existingTransferKeys, insertTransfer } from './concern-transfers.repository.js';
import { listPupilsWithConcerns } from './concerns.repository.js';

/** The job queue that opens transfer tasks for leavers with a child protection file. */
export const CONCERN_TRANSFER_SCAN_QUEUE = 'concerns.transfer_scan';
/** KCSIE: the file follows the child within 5 school days. */
export const TRANSFER_SCHOOL_DAYS = 5;

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
  const concerned = await findLeavers(tx, await listPupilsWithConcerns(tx));
  const opened = await existingTransferKeys(
    tx,
    concerned.map((p) => p.id),
  );
  const leavers = concerned.filter((p) => !opened.has(`${p.id}|${p.left_on}`));
  for (const pupil of leavers) {
    const leftOn = pupil.left_on;
    const dueOn = addSchoolDays(leftOn, TRANSFER_SCHOOL_DAYS);
    const row = await insertTransfer(tx, {
      schoolId: pupil.school_id,
      pupilId: pupil.id,
      leftOn,
      dueOn,
      now,
    });
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
