import { randomBytes } from 'node:crypto';
import { recordAudit } from '../platform/audit/audit.js';
import { findStaffForSignIn, upsertCredentials } from '../platform/auth/auth.repository.js';
import { hashPassword, verifyPassword } from '../platform/auth/passwords.js';
import { type Role, rolesRequiringTotp } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';

/** One demo account: the people seed (src/demo/demo-people.ts) owns the list and the names. */
export interface DemoAccount {
  email: string;
  givenName: string;
  familyName: string;
  roles: readonly Role[];
}

export interface DemoAccountsResult {
  /** Set when no password was configured and new accounts got a generated one: print it once. */
  generatedPassword: string | undefined;
  created: number;
}

/**
 * Makes sure the demo accounts exist in the demo school with their roles. With GUARDPOST_DEMO_PASSWORD the
 * accounts use it; without, accounts that have no password yet get a generated one (returned, to print
 * once). With GUARDPOST_DEMO_TOTP_SECRET the roles that need TOTP use that secret, so scripted sign-in
 * works; without, they enrol an authenticator app at first sign-in. The demo people seed normally creates
 * these staff first; they are matched by email, never duplicated, and created here only if missing.
 */
export async function ensureDemoAccounts(
  db: Db,
  input: {
    schoolId: string;
    accounts: readonly DemoAccount[];
    password?: string | undefined;
    totpSecret?: string | undefined;
  },
  now: Date,
): Promise<DemoAccountsResult> {
  const generated = input.password ? undefined : randomBytes(12).toString('base64url');
  const password = input.password ?? generated ?? '';
  const passwordHash = await hashPassword(password);
  let created = 0;
  let usedGenerated = false;
  await db.transaction().execute(async (tx) => {
    for (const account of input.accounts) {
      let staff = await findStaffForSignIn(tx, account.email);
      if (!staff) {
        await tx
          .insertInto('staff')
          .values({ email: account.email, given_name: account.givenName, family_name: account.familyName })
          .execute();
        staff = await findStaffForSignIn(tx, account.email);
        created++;
      }
      if (!staff) continue;
      const membership = await tx
        .selectFrom('staff_memberships')
        .select(['roles'])
        .where('school_id', '=', input.schoolId)
        .where('staff_id', '=', staff.staffId)
        .executeTakeFirst();
      const roles = [...new Set([...(membership?.roles ?? []), ...account.roles])];
      await tx
        .insertInto('staff_memberships')
        .values({ school_id: input.schoolId, staff_id: staff.staffId, roles })
        .onConflict((oc) => oc.columns(['school_id', 'staff_id']).doUpdateSet({ roles, status: 'active' }))
        .execute();

      const setPassword = input.password
        ? !staff.passwordHash || !(await verifyPassword(staff.passwordHash, input.password))
        : !staff.passwordHash;
      if (setPassword) {
        await upsertCredentials(tx, staff.staffId, { password_hash: passwordHash, password_changed_at: now });
        if (!input.password) usedGenerated = true;
        await recordAudit(tx, {
          actor: { kind: 'system', label: 'demo-seed' },
          schoolId: input.schoolId,
          at: now,
          event: {
            type: 'auth.password_changed',
            subject: { type: 'staff', id: staff.staffId },
            data: { via: 'demo_seed', sessionsRevoked: 0 },
          },
        });
      }
      const needsTotp = account.roles.some((r) => rolesRequiringTotp.includes(r));
      if (input.totpSecret && needsTotp && staff.totpSecret !== input.totpSecret) {
        await upsertCredentials(tx, staff.staffId, {
          totp_secret: input.totpSecret,
          totp_confirmed_at: now,
          totp_last_step: null,
        });
      }
    }
  });
  return { generatedPassword: usedGenerated ? generated : undefined, created };
}
