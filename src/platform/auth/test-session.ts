import { randomBytes } from 'node:crypto';
import type { DbExecutor } from '../db/database.js';
import type { StaffActor } from '../http/route-access.js';
import type { Role } from './roles.js';
import { createSession, SESSION_COOKIE } from './sessions.js';

export interface TestSignIn {
  actor: StaffActor;
  /** A `cookie` header value for `app.inject({ headers: { cookie } })`. */
  cookie: string;
  token: string;
}

/**
 * Test factory: a member of staff with these roles at this school, already signed in (second factor
 * passed). Sign-in itself is tested through the real routes; other tests start from here.
 */
export async function signInAs(
  db: DbExecutor,
  input: {
    schoolId: string;
    roles: Role[];
    email?: string;
    givenName?: string;
    familyName?: string;
    now?: Date;
  },
): Promise<TestSignIn> {
  const email = input.email ?? `${input.roles.join('-')}-${randomBytes(3).toString('hex')}@test.example`;
  const existing = await db.selectFrom('staff').select('id').where('email', '=', email).executeTakeFirst();
  const staffId =
    existing?.id ??
    (
      await db
        .insertInto('staff')
        .values({ email, given_name: input.givenName ?? 'Test', family_name: input.familyName ?? 'Person' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  await db
    .insertInto('staff_memberships')
    .values({ school_id: input.schoolId, staff_id: staffId, roles: input.roles })
    .onConflict((oc) => oc.columns(['school_id', 'staff_id']).doUpdateSet({ roles: input.roles }))
    .execute();
  const now = input.now ?? new Date();
  const { token } = await createSession(db, {
    staffId,
    schoolId: input.schoolId,
    secondFactorPassed: true,
    now,
  });
  return {
    token,
    cookie: `${SESSION_COOKIE}=${token}`,
    actor: {
      kind: 'staff',
      staffId,
      schoolId: input.schoolId,
      roles: input.roles,
      email,
      name: `${input.givenName ?? 'Test'} ${input.familyName ?? 'Person'}`,
    },
  };
}
