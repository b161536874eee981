import type { Actor } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import { forbidden } from '../platform/errors.js';
import { type AccountView, toView } from './account-view.js';
import { canReadRegister } from './accounts.permissions.js';
import { listAccountRows, ownersOf } from './accounts.repository.js';
import type { AccountStatus } from './accounts.table.js';
import type { PlatformId } from './platforms.js';

/** The whole register, filtered: managers, SMT, the headteacher and admins. */
export async function listRegister(
  db: Db,
  actor: Actor,
  schoolId: string,
  filters: { status?: AccountStatus; platform?: PlatformId; ownerStaffId?: string } = {},
): Promise<AccountView[]> {
  if (!canReadRegister(actor, schoolId))
    throw forbidden('RegisterForbidden', 'the register is for managers, SMT, the headteacher and admins');
  const rows = await listAccountRows(db, schoolId, filters);
  const owners = await ownersOf(
    db,
    schoolId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toView(actor, r, owners));
}
