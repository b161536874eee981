import { recordAudit } from '../platform/audit/audit.js';
import { normaliseEmail } from '../platform/auth/attempt-limits.js';
import { findStaffForSignIn } from '../platform/auth/auth.repository.js';
import { type Actor, isTrustRole, type TrustRole } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import { conflict, forbidden, invalid, notFound } from '../platform/errors.js';
import { trustRolesOf } from './trust-access.js';
import { canAdministerTrust } from './trusts.permissions.js';
import {
  findActiveTrustMembership,
  hasOtherActiveTrustAdmin,
  setTrustMembershipRoles,
} from './trusts.repository.js';

/**
 * Takes one trust role from a person (the trust admin). With no role left they leave the trust, and a
 * session they had working in one of its schools without a school role there ends at its next request.
 * The trust keeps one trust admin at least.
 */
export async function revokeTrustRole(
  db: Db,
  actor: Actor,
  input: { trustId: string; email: string; role: string },
): Promise<{ staffId: string; roles: TrustRole[] }> {
  const { role } = input;
  if (!isTrustRole(role)) {
    throw invalid(
      'InvalidTrustRoles',
      'trust roles are trust_admin, trust_safeguarding_lead and trust_executive',
    );
  }
  const email = normaliseEmail(input.email);
  return db.transaction().execute(async (tx) => {
    const { trust, roles: actorRoles } = await trustRolesOf(tx, actor, input.trustId);
    if (!canAdministerTrust(actorRoles)) {
      throw forbidden('TrustAdminForbidden', 'only the trust admin revokes trust roles');
    }
    const staff = await findStaffForSignIn(tx, email);
    const membership = staff ? await findActiveTrustMembership(tx, trust.id, staff.staffId) : undefined;
    if (!staff || !membership?.roles.includes(role)) {
      throw notFound('TrustRoleNotHeld', `${email} does not hold ${role} in this trust`);
    }
    if (role === 'trust_admin' && !(await hasOtherActiveTrustAdmin(tx, trust.id, staff.staffId))) {
      throw conflict('LastTrustAdmin', 'the trust needs a trust admin: grant the role to someone else first');
    }
    const left = membership.roles.filter((r): r is TrustRole => isTrustRole(r) && r !== role);
    await setTrustMembershipRoles(tx, membership.id, left);
    await recordAudit(tx, {
      actor,
      schoolId: null,
      event: {
        type: 'trust.role_revoked',
        subject: { type: 'trust', id: trust.id },
        data: { staffId: staff.staffId, role, left },
      },
    });
    return { staffId: staff.staffId, roles: left };
  });
}
