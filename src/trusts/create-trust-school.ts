import type { Actor } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import { forbidden } from '../platform/errors.js';
import { insertNewSchool, validSchoolInput } from '../schools/create-school.js';
import type { CreateSchoolInput, SchoolView } from '../schools/school-view.js';
import { joinTrust } from './add-trust-school.js';
import { trustRolesOf } from './trust-access.js';
import { canAdministerTrust } from './trusts.permissions.js';

/**
 * The trust admin adds a school to the trust by creating it, as the CLI's `school create` then `trust
 * add-school` do, but in one transaction: the school, its seed policy and its place in the trust, each
 * audited, or none of them.
 */
export async function createTrustSchool(
  db: Db,
  actor: Actor,
  input: CreateSchoolInput & { trustId: string },
): Promise<SchoolView> {
  const { trustId, ...details } = input;
  const data = validSchoolInput(details);
  return db.transaction().execute(async (tx) => {
    const { trust, roles } = await trustRolesOf(tx, actor, trustId);
    if (!canAdministerTrust(roles)) {
      throw forbidden('TrustAdminForbidden', 'only the trust admin adds schools to the trust');
    }
    const school = await insertNewSchool(tx, actor, data);
    await joinTrust(tx, actor, trust, school);
    return school;
  });
}
