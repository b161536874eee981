import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Db, DbExecutor } from '../platform/db/database.js';
import { conflict, forbidden } from '../platform/errors.js';
import { getSchool } from '../schools/schools.queries.js';
import { trustRolesOf } from './trust-access.js';
import { findTrustIdOfSchool, insertTrustSchool } from './trusts.repository.js';

/**
 * Puts a school in a trust inside the caller's transaction, with its audit row: an operator adding a
 * school already here (below) and a trust admin creating a new one (create-trust-school.ts) share it.
 */
export async function joinTrust(
  tx: DbExecutor,
  actor: Actor,
  trust: { id: string; name: string },
  school: { id: string; name: string },
): Promise<void> {
  const current = await findTrustIdOfSchool(tx, school.id);
  if (current === trust.id)
    throw conflict('SchoolAlreadyInTrust', `${school.name} is already in ${trust.name}`);
  if (current) throw conflict('SchoolInAnotherTrust', `${school.name} already belongs to another trust`);
  await insertTrustSchool(tx, trust.id, school.id);
  await recordAudit(tx, {
    actor,
    schoolId: null,
    event: {
      type: 'trust.school_added',
      subject: { type: 'trust', id: trust.id },
      data: { schoolId: school.id },
    },
  });
}

/**
 * Puts a school already here in a trust (an operator, through the CLI). A school belongs to one trust at
 * most. Not a trust admin's: taking in an existing school would open its figures to the trust's roles, which
 * is for the deployment's operator to decide; a trust admin creates new schools in the trust instead.
 */
export async function addTrustSchool(
  db: Db,
  actor: Actor,
  input: { trustId: string; schoolId: string },
): Promise<{ trustId: string; schoolId: string; schoolName: string }> {
  if (actor.kind !== 'system') throw forbidden('TrustChangeForbidden', 'an operator adds schools to a trust');
  return db.transaction().execute(async (tx) => {
    const { trust } = await trustRolesOf(tx, actor, input.trustId);
    const school = await getSchool(tx, input.schoolId);
    await joinTrust(tx, actor, trust, school);
    return { trustId: trust.id, schoolId: school.id, schoolName: school.name };
  });
}
