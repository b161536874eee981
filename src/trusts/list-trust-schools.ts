import type { Actor } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';
import { forbidden } from '../platform/errors.js';
import { trustRolesOf } from './trust-access.js';
import { canAdministerTrust } from './trusts.permissions.js';
import { listTrustSchoolRows } from './trusts.repository.js';

export interface TrustSchoolsView {
  trust: { id: string; name: string };
  schools: {
    id: string;
    name: string;
    urn: string | null;
    officialEmailDomains: string[];
    joinedAt: string;
  }[];
}

/** The trust admin's list of the trust's schools, in the order they joined. */
export async function listTrustSchools(
  db: DbExecutor,
  actor: Actor,
  trustId: string,
): Promise<TrustSchoolsView> {
  const { trust, roles } = await trustRolesOf(db, actor, trustId);
  if (!canAdministerTrust(roles))
    throw forbidden('TrustAdminForbidden', "the trust's schools are the trust admin's");
  const rows = await listTrustSchoolRows(db, trust.id);
  return {
    trust: { id: trust.id, name: trust.name },
    schools: rows.map((r) => ({
      id: r.id,
      name: r.name,
      urn: r.urn,
      officialEmailDomains: r.officialEmailDomains,
      joinedAt: r.joinedAt.toISOString(),
    })),
  };
}
