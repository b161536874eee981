import { z } from 'zod';
import type { Actor } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import { notFound } from '../platform/errors.js';
import { requireStaffOrSystemSchool } from './account-access.js';
import { type AccountDetail, peopleOf, toView } from './account-view.js';
import { canViewAccount } from './accounts.permissions.js';
import { aupChecksOf, findAccount, ownersOf, transitionsOf } from './accounts.repository.js';

/** One account with its history and AUP checks: its owners, their managers and the register's readers. */
export async function getAccount(db: Db, actor: Actor, schoolId: string, id: string): Promise<AccountDetail> {
  requireStaffOrSystemSchool(actor, schoolId);
  const row = z.uuid().safeParse(id).success ? await findAccount(db, schoolId, id) : undefined;
  if (!row) throw notFound('AccountNotFound', 'no such account on the register');
  const owners = await ownersOf(db, schoolId, [row.id]);
  // Someone who may not see it learns nothing, not even that it exists.
  if (!canViewAccount(actor, peopleOf(row, owners)))
    throw notFound('AccountNotFound', 'no such account on the register');
  const history = await transitionsOf(db, row.id);
  const checks = await aupChecksOf(db, row.id);
  return {
    ...toView(actor, row, owners),
    history: history.map((h) => ({
      from: h.from_status,
      to: h.to_status,
      at: h.at.toISOString(),
      by: h.given_name ? `${h.given_name} ${h.family_name}` : h.actor_label,
      reason: h.reason,
    })),
    aupChecks: checks.map((c) => ({
      result: c.result,
      reason: c.reason,
      checkedUrl: c.checked_url,
      trigger: c.trigger,
      checkedAt: c.checked_at.toISOString(),
    })),
  };
}
