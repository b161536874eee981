import { recordAudit } from '../platform/audit/audit.js';
import { normaliseEmail } from '../platform/auth/attempt-limits.js';
import { findStaffForSignIn } from '../platform/auth/auth.repository.js';
import { type Actor, isTrustRole, type TrustRole } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import { conflict, forbidden, invalid } from '../platform/errors.js';
import { trustRolesOf } from './trust-access.js';
import { canAdministerTrust } from './trusts.permissions.js';
import {
  findActiveTrustMembership,
  hasOtherActiveTrustAdmin,
  upsertTrustMembership,
} from './trusts.repository.js';

/**
 * Gives a person roles in a trust (an operator, through the CLI; the demo seed; the trust admin, in the web
 * app). The person is found by email, or created with the name given when new (they then set a password
 * with a reset link): a trust executive need not work at any of the schools. The roles replace any the
 * person held in this trust; the trust keeps one trust admin at least.
 */
export async function grantTrustRoles(
  db: Db,
  actor: Actor,
  input: { trustId: string; email: string; roles: string[]; givenName?: string; familyName?: string },
): Promise<{ staffId: string; roles: TrustRole[] }> {
  const roles = [...new Set(input.roles)];
  const unknown = roles.filter((r) => !isTrustRole(r));
  if (roles.length === 0 || unknown.length > 0) {
    throw invalid(
      'InvalidTrustRoles',
      `trust roles are trust_admin, trust_safeguarding_lead and trust_executive${unknown.length ? `, not ${unknown.join(', ')}` : ''}`,
    );
  }
  const email = normaliseEmail(input.email);
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw invalid('InvalidEmail', 'give an email address');
  return db.transaction().execute(async (tx) => {
    const { trust, roles: actorRoles } = await trustRolesOf(tx, actor, input.trustId);
    if (!canAdministerTrust(actorRoles)) {
      throw forbidden('TrustAdminForbidden', 'only the trust admin grants trust roles');
    }
    let staff = await findStaffForSignIn(tx, email);
    if (!staff) {
      if (!input.givenName || !input.familyName) {
        throw invalid(
          'PersonUnknown',
          `nobody has the address ${email} yet: give their given and family names`,
        );
      }
      await tx
        .insertInto('staff')
        .values({ email, given_name: input.givenName, family_name: input.familyName })
        .execute();
      staff = await findStaffForSignIn(tx, email);
    }
    if (!staff) throw invalid('PersonUnknown', `nobody has the address ${email}`);
    const held = roles.filter((r): r is TrustRole => isTrustRole(r));
    // Replacing the last trust admin's roles with others would leave nobody to run the trust.
    const before = await findActiveTrustMembership(tx, trust.id, staff.staffId);
    if (
      before?.roles.includes('trust_admin') &&
      !held.includes('trust_admin') &&
      !(await hasOtherActiveTrustAdmin(tx, trust.id, staff.staffId))
    ) {
      throw conflict('LastTrustAdmin', 'the trust needs a trust admin: grant the role to someone else first');
    }
    await upsertTrustMembership(tx, { trustId: trust.id, staffId: staff.staffId, roles: held });
    await recordAudit(tx, {
      actor,
      schoolId: null,
      event: {
        type: 'trust.roles_granted',
        subject: { type: 'trust', id: trust.id },
        data: { staffId: staff.staffId, roles: held },
      },
    });
    return { staffId: staff.staffId, roles: held };
  });
}
