import { staffWithMembership } from '../people/people.queries.js';
import { recordAudit } from '../platform/audit/audit.js';
import { type Actor, hasRole } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';
import { conflict, forbidden, invalid, notFound } from '../platform/errors.js';
import { insertTransition, replaceOwners, updateAccountRow } from './accounts.repository.js';
import { planTransition } from './lifecycle.js';

export type LeaverAccountDecision =
  | { kind: 'new_owner'; staffId: string }
  | { kind: 'close'; reason: string };

/** The roles that hand a leaver's accounts over: SMT and the headteacher. */
export const handoverRoles = ['smt', 'headteacher'] as const;

/**
 * A leaver's account on the register, handed to a new owner (who takes the leaver's place, as primary owner
 * if the leaver was) or closed (retired on the register, with the reason). Runs inside the caller's
 * transaction, which records the handover step; this writes the account's own history and audit event.
 */
export async function handOverLeaversAccount(
  tx: DbExecutor,
  actor: Actor,
  input: {
    schoolId: string;
    accountId: string;
    leaverStaffId: string;
    decision: LeaverAccountDecision;
    at: Date;
  },
): Promise<{ outcome: 'handed_over' | 'closed' }> {
  if (actor.kind !== 'staff' || actor.schoolId !== input.schoolId || !hasRole(actor, ...handoverRoles))
    throw forbidden('HandoverForbidden', 'only SMT or the headteacher hands over a leaver’s accounts');
  const account = await tx
    .selectFrom('accounts')
    .select(['id', 'status'])
    .where('school_id', '=', input.schoolId)
    .where('id', '=', input.accountId)
    .forUpdate()
    .executeTakeFirst();
  if (!account) throw notFound('AccountNotFound', 'no such account on the register');
  const owners = await tx
    .selectFrom('account_owners')
    .select(['staff_id', 'is_primary'])
    .where('account_id', '=', input.accountId)
    .execute();
  const leaver = owners.find((o) => o.staff_id === input.leaverStaffId);
  if (!leaver) throw conflict('NotLeaversAccount', 'the leaver no longer owns this account');

  if (input.decision.kind === 'close') {
    const reason = input.decision.reason.trim();
    if (reason === '') throw invalid('ReasonRequired', 'say why the account is closed');
    const plan = planTransition('retire', account.status, reason);
    if (!plan.ok) throw conflict(plan.code, plan.message);
    await updateAccountRow(tx, account.id, { status: plan.to });
    await insertTransition(tx, {
      accountId: account.id,
      from: account.status,
      to: plan.to,
      actorStaffId: actor.staffId,
      actorLabel: actor.name,
      reason,
      at: input.at,
    });
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      at: input.at,
      event: {
        type: 'account.transitioned',
        subject: { type: 'account', id: account.id },
        data: { action: 'retire', from: account.status, to: plan.to, reason },
      },
    });
    return { outcome: 'closed' };
  }

  const newOwnerId = input.decision.staffId;
  if (newOwnerId === input.leaverStaffId) throw invalid('NewOwnerIsLeaver', 'choose someone who is staying');
  const [person] = await staffWithMembership(tx, input.schoolId, [newOwnerId]);
  if (person?.status !== 'active')
    throw invalid('NewOwnerNotStaff', 'the new owner must be a current member of staff of this school');
  const primary = leaver.is_primary ? newOwnerId : (owners.find((o) => o.is_primary)?.staff_id ?? newOwnerId);
  const coOwners = owners
    .map((o) => o.staff_id)
    .filter((id) => id !== input.leaverStaffId && id !== primary)
    .concat(primary === newOwnerId ? [] : [newOwnerId]);
  await replaceOwners(tx, account.id, primary, coOwners);
  await recordAudit(tx, {
    actor,
    schoolId: input.schoolId,
    at: input.at,
    event: {
      type: 'account.owner_handed_over',
      subject: { type: 'account', id: account.id },
      data: { fromStaffId: input.leaverStaffId, toStaffId: newOwnerId, wasPrimary: leaver.is_primary },
    },
  });
  return { outcome: 'handed_over' };
}
