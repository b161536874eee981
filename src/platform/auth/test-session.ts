import { randomBytes } from 'node:crypto';
import type { DbExecutor } from '../db/database.js';
import type { StaffActor } from '../http/route-access.js';
import { replaceRecoveryCodes, upsertCredentials } from './auth.repository.js';
import { hashPassword } from './passwords.js';
import type { Role } from './roles.js';
import { createSession, SESSION_COOKIE } from './sessions.js';
import { hashRecoveryCode } from './totp.js';

export interface TestSignIn {
  actor: StaffActor;
  /** A `cookie` header value for `app.inject({ headers: { cookie } })`. */
  cookie: string;
  token: string;
  /** The session's CSRF token, for the `x-csrf-token` header of state-changing requests. */
  csrf: string;
  /** `{ cookie, 'x-csrf-token' }`: headers for any request as this person. */
  headers: { cookie: string; 'x-csrf-token': string };
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
  const { token, csrfToken } = await createSession(db, {
    staffId,
    schoolId: input.schoolId,
    secondFactorPassed: true,
    now,
  });
  return {
    token,
    cookie: `${SESSION_COOKIE}=${token}`,
    csrf: csrfToken,
    headers: { cookie: `${SESSION_COOKIE}=${token}`, 'x-csrf-token': csrfToken },
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

/**
 * Test factory: a member of staff with a password (and, when given, a confirmed TOTP secret and these
 * recovery codes), not signed in, for tests of the sign-in routes themselves.
 */
export async function createAccount(
  db: DbExecutor,
  input: {
    schoolId: string;
    roles: Role[];
    password: string;
    email?: string;
    totpSecret?: string;
    recoveryCodes?: string[];
  },
): Promise<{ staffId: string; email: string }> {
  const email = input.email ?? `${input.roles.join('-')}-${randomBytes(3).toString('hex')}@test.example`;
  const existing = await db.selectFrom('staff').select('id').where('email', '=', email).executeTakeFirst();
  const staffId =
    existing?.id ??
    (
      await db
        .insertInto('staff')
        .values({ email, given_name: 'Test', family_name: 'Account' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  await db
    .insertInto('staff_memberships')
    .values({ school_id: input.schoolId, staff_id: staffId, roles: input.roles })
    .onConflict((oc) => oc.columns(['school_id', 'staff_id']).doUpdateSet({ roles: input.roles }))
    .execute();
  await upsertCredentials(db, staffId, {
    password_hash: await hashPassword(input.password),
    ...(input.totpSecret ? { totp_secret: input.totpSecret, totp_confirmed_at: new Date() } : {}),
  });
  if (input.recoveryCodes) await replaceRecoveryCodes(db, staffId, input.recoveryCodes.map(hashRecoveryCode));
  return { staffId, email };
}
