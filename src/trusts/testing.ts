import { randomBytes } from 'node:crypto';
import type { TrustRole } from '../platform/auth/roles.js';
import { createSession, SESSION_COOKIE } from '../platform/auth/sessions.js';
import type { DbExecutor } from '../platform/db/database.js';

/** Test factory: a trust holding these schools. Returns its id. */
export async function buildTrust(
  db: DbExecutor,
  input: { name?: string; schoolIds: string[] },
): Promise<string> {
  const trust = await db
    .insertInto('trusts')
    .values({ name: input.name ?? `Test Trust ${randomBytes(3).toString('hex')}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const schoolId of input.schoolIds) {
    await db.insertInto('trust_schools').values({ trust_id: trust.id, school_id: schoolId }).execute();
  }
  return trust.id;
}

/**
 * Test factory: a person holding these roles in a trust (and, unless given one, no school role), signed in
 * with the second factor passed, working in `schoolId` (a school of the trust).
 */
export async function signInAsTrustRole(
  db: DbExecutor,
  input: { trustId: string; roles: TrustRole[]; schoolId: string; now: Date; email?: string },
): Promise<{ staffId: string; headers: { cookie: string; 'x-csrf-token': string } }> {
  const email = input.email ?? `trust-${randomBytes(3).toString('hex')}@trust.example`;
  const existing = await db.selectFrom('staff').select('id').where('email', '=', email).executeTakeFirst();
  const staffId =
    existing?.id ??
    (
      await db
        .insertInto('staff')
        .values({ email, given_name: 'Trust', family_name: 'Person' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  await db
    .insertInto('trust_memberships')
    .values({ trust_id: input.trustId, staff_id: staffId, roles: input.roles })
    .onConflict((oc) => oc.columns(['trust_id', 'staff_id']).doUpdateSet({ roles: input.roles }))
    .execute();
  const { token, csrfToken } = await createSession(db, {
    staffId,
    schoolId: input.schoolId,
    secondFactorPassed: true,
    now: input.now,
  });
  return { staffId, headers: { cookie: `${SESSION_COOKIE}=${token}`, 'x-csrf-token': csrfToken } };
}
