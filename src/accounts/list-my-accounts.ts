import type { Actor } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import { forbidden } from '../platform/errors.js';
import { type AccountView, toView } from './account-view.js';
import { listAccountRows, ownersOf } from './accounts.repository.js';

/** The accounts the actor owns or co-owns. */
export async function listMyAccounts(db: Db, actor: Actor, schoolId: string): Promise<AccountView[]> {
  if (actor.kind !== 'staff' || actor.schoolId !== schoolId)
    throw forbidden('AccountForbidden', 'only a member of staff of the school has accounts here');
  const rows = await listAccountRows(db, schoolId, { ownerStaffId: actor.staffId });
  const owners = await ownersOf(
    db,
    schoolId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toView(actor, r, owners));
}
