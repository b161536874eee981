import { handOverLeaversAccount, type LeaverAccountDecision } from '../accounts/hand-over-account.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Db, DbExecutor } from '../platform/db/database.js';
import { conflict, forbidden, notFound } from '../platform/errors.js';
import { canDecideHandovers, canReadHandovers } from './staff-use.permissions.js';
import {
  contactExceptionsOfLeaver,
  findStaffHandover,
  liveAccountsOwnedBy,
  postsAwaitingApprovalOf,
} from './staff-use.repository.js';

export interface StaffHandoverView {
  id: string;
  staffId: string;
  staffName: string;
  status: 'open' | 'done';
  openedAt: string;
  openedBy: string;
  doneAt: string | null;
  accounts: {
    id: string;
    platform: string;
    handle: string | null;
    purpose: string;
    status: string;
    ownership: 'sole_owner' | 'primary_owner' | 'co_owner';
    otherOwners: string[];
  }[];
  contactExceptions: {
    id: string;
    staffName: string;
    channel: 'personal_phone' | 'personal_email';
    status: string;
    audience: string;
    from: string;
    to: string;
    relation: 'their_own' | 'approved_by_them';
  }[];
  postsAwaitingApproval: { id: string; account: string; writtenByLeaver: boolean }[];
  /** Current staff who could take an account over. */
  candidates: { id: string; name: string }[];
  canDecide: boolean;
}

export interface StaffHandoverListItem {
  id: string;
  staffName: string;
  status: 'open' | 'done';
  openedAt: string;
  accountsLeft: number;
}

function requireReader(actor: Actor): asserts actor is Extract<Actor, { kind: 'staff' }> {
  if (actor.kind !== 'staff' || !canReadHandovers(actor))
    throw forbidden('HandoverForbidden', 'leavers’ handovers are for SMT, the headteacher and admins');
}

/** The school's handovers, open first. */
export async function listStaffHandovers(db: DbExecutor, actor: Actor): Promise<StaffHandoverListItem[]> {
  requireReader(actor);
  const rows = await db
    .selectFrom('staff_handovers')
    .innerJoin('staff', 'staff.id', 'staff_handovers.staff_id')
    .select([
      'staff_handovers.id',
      'staff_handovers.staff_id',
      'staff_handovers.status',
      'staff_handovers.opened_at',
      'staff.given_name',
      'staff.family_name',
    ])
    .where('staff_handovers.school_id', '=', actor.schoolId)
    .orderBy('staff_handovers.status', 'desc')
    .orderBy('staff_handovers.opened_at', 'desc')
    .execute();
  const items: StaffHandoverListItem[] = [];
  for (const r of rows) {
    const accounts = r.status === 'open' ? await liveAccountsOwnedBy(db, actor.schoolId, r.staff_id) : [];
    items.push({
      id: r.id,
      staffName: `${r.given_name} ${r.family_name}`,
      status: r.status,
      openedAt: r.opened_at.toISOString(),
      accountsLeft: accounts.length,
    });
  }
  return items;
}

/** One leaver's handover: what they own, what they approved, what waits on them, read as it is now. */
export async function getStaffHandover(db: DbExecutor, actor: Actor, id: string): Promise<StaffHandoverView> {
  requireReader(actor);
  const row = await findStaffHandover(db, actor.schoolId, id);
  if (!row) throw notFound('HandoverNotFound', 'no such handover in this school');
  const accounts = await liveAccountsOwnedBy(db, actor.schoolId, row.staff_id);
  const exceptions = await contactExceptionsOfLeaver(db, actor.schoolId, row.staff_id);
  const posts = await postsAwaitingApprovalOf(db, actor.schoolId, row.staff_id);
  const candidates = await db
    .selectFrom('staff_memberships')
    .innerJoin('staff', 'staff.id', 'staff_memberships.staff_id')
    .select(['staff.id', 'staff.given_name', 'staff.family_name'])
    .where('staff_memberships.school_id', '=', actor.schoolId)
    .where('staff_memberships.status', '=', 'active')
    .orderBy('staff.family_name')
    .orderBy('staff.given_name')
    .execute();
  return {
    id: row.id,
    staffId: row.staff_id,
    staffName: `${row.given_name} ${row.family_name}`,
    status: row.status,
    openedAt: row.opened_at.toISOString(),
    openedBy: row.opened_by,
    doneAt: row.done_at?.toISOString() ?? null,
    accounts: accounts.map((a) => ({
      id: a.id,
      platform: a.platform,
      handle: a.handle,
      purpose: a.purpose,
      status: a.status,
      ownership: a.other_owners.length === 0 ? 'sole_owner' : a.is_primary ? 'primary_owner' : 'co_owner',
      otherOwners: a.other_owners,
    })),
    contactExceptions: exceptions.map((e) => ({
      id: e.id,
      staffName: `${e.given_name} ${e.family_name}`,
      channel: e.channel,
      status: e.status,
      audience: e.audience,
      from: e.from_on,
      to: e.to_on,
      relation: e.staff_id === row.staff_id ? 'their_own' : 'approved_by_them',
    })),
    postsAwaitingApproval: posts.map((p) => ({
      id: p.id,
      account: p.handle ? `${p.platform} ${p.handle}` : p.platform,
      writtenByLeaver: p.author_staff_id === row.staff_id,
    })),
    candidates: candidates.map((c) => ({ id: c.id, name: `${c.given_name} ${c.family_name}` })),
    canDecide: canDecideHandovers(actor) && row.status === 'open',
  };
}

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

/** Closes a handover with nothing left to hand over (a leaver who owned no account). */
export async function completeStaffHandover(
  db: Db,
  actor: Actor,
  input: { handoverId: string; now: Date },
): Promise<StaffHandoverView> {
  if (actor.kind !== 'staff' || !canDecideHandovers(actor))
    throw forbidden('HandoverForbidden', 'only SMT or the headteacher completes a leaver’s handover');
  await db.transaction().execute(async (tx) => {
    const handover = await findStaffHandover(tx, actor.schoolId, input.handoverId, true);
    if (!handover) throw notFound('HandoverNotFound', 'no such handover in this school');
    if (handover.status !== 'open') throw conflict('HandoverDone', 'this handover is already done');
    const left = await liveAccountsOwnedBy(tx, actor.schoolId, handover.staff_id);
    if (left.length > 0)
      throw conflict('HandoverNotFinished', 'give each of their accounts a new owner, or close it, first');
    await markDone(tx, actor, handover.id, handover.staff_id, input.now);
  });
  return getStaffHandover(db, actor, input.handoverId);
}

async function markDone(
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
