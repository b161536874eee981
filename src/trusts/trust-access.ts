import { type Actor, isTrustRole, type TrustRole, trustRoles } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';
import { notFound } from '../platform/errors.js';
import { findActiveTrustMembership, findTrustById } from './trusts.repository.js';
import type { TrustRow } from './trusts.table.js';

/**
 * The trust and the roles the actor holds in it. Someone without a role in the trust learns nothing about
 * it, not even that it exists: the same TrustNotFound as for an unknown id. The system (CLI) holds them all.
 */
export async function trustRolesOf(
  db: DbExecutor,
  actor: Actor,
  trustId: string,
): Promise<{ trust: TrustRow; roles: TrustRole[] }> {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(trustId);
  const trust = uuid ? await findTrustById(db, trustId) : undefined;
  if (!trust) throw notFound('TrustNotFound', 'no trust with that id');
  if (actor.kind === 'system') return { trust, roles: [...trustRoles] };
  const membership = await findActiveTrustMembership(db, trustId, actor.staffId);
  const roles = (membership?.roles ?? []).filter((r): r is TrustRole => isTrustRole(r));
  if (roles.length === 0) throw notFound('TrustNotFound', 'no trust with that id');
  return { trust, roles };
}
