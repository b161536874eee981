import type { Actor } from '../platform/auth/roles.js';
import { isTrustRole, type TrustRole } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';
import { forbidden } from '../platform/errors.js';
import { trustRolesOf } from './trust-access.js';
import { canAdministerTrust } from './trusts.permissions.js';
import { listTrustPeopleRows } from './trusts.repository.js';

export interface TrustPeopleView {
  trust: { id: string; name: string };
  people: { staffId: string; name: string; email: string; roles: TrustRole[]; since: string }[];
}

/** The trust admin's list of who holds which trust roles now. */
export async function listTrustPeople(
  db: DbExecutor,
  actor: Actor,
  trustId: string,
): Promise<TrustPeopleView> {
  const { trust, roles } = await trustRolesOf(db, actor, trustId);
  if (!canAdministerTrust(roles))
    throw forbidden('TrustAdminForbidden', 'who holds trust roles is the trust admin’s');
  const rows = await listTrustPeopleRows(db, trust.id);
  return {
    trust: { id: trust.id, name: trust.name },
    people: rows.map((r) => ({
      staffId: r.staffId,
      name: `${r.givenName} ${r.familyName}`,
      email: r.email,
      roles: r.roles.filter((role): role is TrustRole => isTrustRole(role)),
      since: r.since.toISOString(),
    })),
  };
}
