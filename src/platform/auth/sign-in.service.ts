import { recordAudit } from '../audit/audit.js';
import type { Db, DbExecutor } from '../db/database.js';
import { forbidden, invalid, unauthenticated } from '../errors.js';
import type { StaffActor } from '../http/route-access.js';
import {
  clearAddressFailures,
  ensureAttemptAllowed,
  normaliseEmail,
  recordFailedAttempt,
} from './attempt-limits.js';
import {
  consumeRecoveryCode,
  findPendingTotpSecret,
  findStaffById,
  findStaffForSignIn,
  listActiveMemberships,
  listActiveTrustMemberships,
  type MembershipView,
  markSessionSecondFactor,
  replaceRecoveryCodes,
  type StaffForSignIn,
  setSessionSchool,
  type TrustMembershipView,
  upsertCredentials,
} from './auth.repository.js';
import { verifyAgainstDecoy, verifyPassword } from './passwords.js';
import { rolesRequiringTotp, trustRolesRequiringTotp } from './roles.js';
import { createSession } from './sessions.js';
import {
  hashRecoveryCode,
  looksLikeRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  totpUri,
  verifyTotp,
} from './totp.js';

export { normaliseEmail };

/**
 * Whether this person must pass a second factor: a role that needs it in any school, a school that asks it
 * of all, or any trust role (every trust role needs one).
 */
export function needsSecondFactor(
  memberships: readonly MembershipView[],
  enrolled: boolean,
  trusts: readonly TrustMembershipView[] = [],
): boolean {
  return (
    enrolled ||
    trusts.some((t) => t.roles.some((r) => trustRolesRequiringTotp.includes(r))) ||
    memberships.some((m) => m.requireTotpForAll || m.roles.some((r) => rolesRequiringTotp.includes(r)))
  );
}

/**
 * The school a session starts in: the person's oldest school membership, else (trust roles only) the first
 * school of their first trust, with no school role there.
 */
export function homeOf(
  memberships: readonly MembershipView[],
  trusts: readonly TrustMembershipView[],
): MembershipView | undefined {
  if (memberships[0]) return memberships[0];
  const school = trusts.flatMap((t) => t.schools)[0];
  return school
    ? {
        schoolId: school.id,
        schoolName: school.name,
        roles: [],
        requireTotpForAll: false,
        oidcEnforcesMfa: false,
      }
    : undefined;
}

export interface SignedIn {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  staffId: string;
  schoolId: string;
  /** False when the person must still enrol an authenticator app before doing anything else. */
  secondFactorPassed: boolean;
  totpEnrolmentRequired: boolean;
}

type SecondFactorUsed = 'totp' | 'recovery_code';

/**
 * Checks a TOTP or recovery code inside the caller's transaction and consumes it (the TOTP step or the
 * recovery code), so a code works once. Returns what was used, or undefined when it is wrong.
 */
async function consumeSecondFactor(
  tx: DbExecutor,
  staff: StaffForSignIn,
  code: string,
  now: Date,
): Promise<SecondFactorUsed | undefined> {
  if (!staff.totpSecret) return undefined;
  const step = await verifyTotp(staff.totpSecret, code, now, staff.totpLastStep);
  if (step !== undefined) {
    await upsertCredentials(tx, staff.staffId, { totp_last_step: step });
    return 'totp';
  }
  if (
    looksLikeRecoveryCode(code) &&
    (await consumeRecoveryCode(tx, staff.staffId, hashRecoveryCode(code), now))
  ) {
    return 'recovery_code';
  }
  return undefined;
}

/**
 * Password sign-in. Unknown email and wrong password get the same answer after the same work. Wrong
 * passwords and codes count against the account (ten in 15 minutes lock it from every address) and against
 * the account from this address (five lock that pair); see attempt-limits.ts.
 */
export async function signInWithPassword(
  db: Db,
  input: {
    email: string;
    password: string;
    totp?: string | undefined;
    ip: string;
    userAgent?: string | undefined;
  },
  now: Date,
): Promise<SignedIn> {
  const email = normaliseEmail(input.email);
  await ensureAttemptAllowed(db, { email, ip: input.ip }, now);

  const staff = await findStaffForSignIn(db, email);
  const memberships = staff ? await listActiveMemberships(db, staff.staffId) : [];
  const trusts = staff ? await listActiveTrustMemberships(db, staff.staffId) : [];
  const home = homeOf(memberships, trusts);
  let passwordOk = false;
  if (staff?.passwordHash && home) passwordOk = await verifyPassword(staff.passwordHash, input.password);
  else await verifyAgainstDecoy(input.password);
  const lockTarget = staff && home ? { staffId: staff.staffId, schoolId: home.schoolId } : undefined;
  if (!staff || !home || !passwordOk) {
    await recordFailedAttempt(
      db,
      { email, ip: input.ip, kind: 'password', ...(lockTarget ? { account: lockTarget } : {}) },
      now,
    );
    throw unauthenticated('InvalidCredentials', 'that email and password do not match an account');
  }

  const enrolled = staff.totpSecret !== null;
  const required = needsSecondFactor(memberships, enrolled, trusts);
  if (required && enrolled && !input.totp) {
    throw unauthenticated('TotpRequired', 'enter the code from your authenticator app, or a recovery code');
  }

  const result = await db.transaction().execute(async (tx) => {
    let secondFactor: 'totp' | 'recovery_code' | 'none' | 'pending' = 'none';
    if (required && enrolled && input.totp) {
      const used = await consumeSecondFactor(tx, staff, input.totp, now);
      if (!used) return undefined;
      secondFactor = used;
    } else if (required) {
      secondFactor = 'pending';
    }
    const session = await createSession(tx, {
      staffId: staff.staffId,
      schoolId: home.schoolId,
      secondFactorPassed: secondFactor !== 'pending',
      now,
      userAgent: input.userAgent,
      ip: input.ip,
    });
    await clearAddressFailures(tx, { email, ip: input.ip });
    await recordAudit(tx, {
      actor: staffActorOf(staff, home),
      schoolId: home.schoolId,
      at: now,
      event: {
        type: 'auth.signed_in',
        subject: { type: 'staff', id: staff.staffId },
        data: { method: 'password', secondFactor },
      },
    });
    return { session, secondFactor };
  });
  if (!result) {
    await recordFailedAttempt(
      db,
      { email, ip: input.ip, kind: 'second_factor', ...(lockTarget ? { account: lockTarget } : {}) },
      now,
    );
    throw unauthenticated(
      'InvalidTotp',
      'that code is not right: check the time on your phone, or use a recovery code',
    );
  }
  return {
    token: result.session.token,
    csrfToken: result.session.csrfToken,
    expiresAt: result.session.expiresAt,
    staffId: staff.staffId,
    schoolId: home.schoolId,
    secondFactorPassed: result.secondFactor !== 'pending',
    totpEnrolmentRequired: result.secondFactor === 'pending',
  };
}

export function staffActorOf(
  staff: Pick<StaffForSignIn, 'staffId' | 'email' | 'givenName' | 'familyName'>,
  membership: Pick<MembershipView, 'schoolId' | 'roles'>,
): StaffActor {
  return {
    kind: 'staff',
    staffId: staff.staffId,
    schoolId: membership.schoolId,
    roles: membership.roles,
    email: staff.email,
    name: `${staff.givenName} ${staff.familyName}`,
  };
}

/**
 * Completes a session that still needs its second factor (SSO without IdP-enforced MFA): a TOTP code or
 * a recovery code. Failures count towards the lockout like a wrong password.
 */
export async function passSecondFactor(
  db: Db,
  input: { sessionId: string; actor: StaffActor; code: string; ip: string },
  now: Date,
): Promise<void> {
  const attempt = { email: input.actor.email, ip: input.ip };
  await ensureAttemptAllowed(db, attempt, now);
  const staff = await findStaffById(db, input.actor.staffId);
  if (!staff?.totpSecret) {
    throw forbidden('TotpNotEnrolled', 'set up an authenticator app first');
  }
  const ok = await db.transaction().execute(async (tx) => {
    const used = await consumeSecondFactor(tx, staff, input.code, now);
    if (!used) return false;
    await markSessionSecondFactor(tx, input.sessionId);
    await clearAddressFailures(tx, attempt);
    await recordAudit(tx, {
      actor: input.actor,
      schoolId: input.actor.schoolId,
      at: now,
      event: {
        type: 'auth.second_factor_passed',
        subject: { type: 'staff', id: staff.staffId },
        data: { with: used },
      },
    });
    return true;
  });
  if (!ok) {
    await recordFailedAttempt(
      db,
      {
        ...attempt,
        kind: 'second_factor',
        account: { staffId: input.actor.staffId, schoolId: input.actor.schoolId },
      },
      now,
    );
    throw unauthenticated('InvalidTotp', 'that code is not right');
  }
}

/**
 * Starts (or restarts) enrolling an authenticator app: a new secret, live only once confirmed. A person
 * who already has one must have passed it in this session to replace it.
 */
export async function startTotpEnrolment(
  db: Db,
  input: { actor: StaffActor; secondFactorPassed: boolean },
): Promise<{ secret: string; otpauthUri: string }> {
  const staff = await findStaffById(db, input.actor.staffId);
  if (staff?.totpSecret && !input.secondFactorPassed) {
    throw forbidden('TotpAlreadyEnrolled', 'sign in with your current authenticator code first');
  }
  const secret = newTotpSecret();
  await upsertCredentials(db, input.actor.staffId, { totp_pending_secret: secret });
  return { secret, otpauthUri: totpUri(secret, input.actor.email) };
}

/**
 * Confirms enrolment with a code from the app: the secret goes live, ten new recovery codes replace any
 * old ones (returned once, stored hashed), and this session counts as second-factor passed.
 */
export async function confirmTotpEnrolment(
  db: Db,
  input: { actor: StaffActor; sessionId: string; code: string },
  now: Date,
): Promise<{ recoveryCodes: string[] }> {
  const pending = await findPendingTotpSecret(db, input.actor.staffId);
  if (!pending) throw invalid('TotpEnrolmentNotStarted', 'start setting up an authenticator app first');
  const step = await verifyTotp(pending, input.code, now, null);
  if (step === undefined)
    throw invalid('InvalidTotp', 'that code is not right: scan the code again and retry');
  const codes = newRecoveryCodes();
  await db.transaction().execute(async (tx) => {
    await upsertCredentials(tx, input.actor.staffId, {
      totp_secret: pending,
      totp_pending_secret: null,
      totp_confirmed_at: now,
      totp_last_step: step,
    });
    await replaceRecoveryCodes(tx, input.actor.staffId, codes.map(hashRecoveryCode));
    await markSessionSecondFactor(tx, input.sessionId);
    await recordAudit(tx, {
      actor: input.actor,
      schoolId: input.actor.schoolId,
      at: now,
      event: {
        type: 'auth.totp_enrolled',
        subject: { type: 'staff', id: input.actor.staffId },
        data: { recoveryCodes: codes.length },
      },
    });
  });
  return { recoveryCodes: codes };
}

/** The school switcher: the session moves to another school the person works in. */
export async function switchSchool(
  db: Db,
  input: { actor: StaffActor; sessionId: string; schoolId: string },
  now: Date,
): Promise<StaffActor> {
  const memberships = await listActiveMemberships(db, input.actor.staffId);
  const target = memberships.find((m) => m.schoolId === input.schoolId);
  if (!target) throw forbidden('NotAMember', 'you do not work at that school');
  const switched: StaffActor = { ...input.actor, schoolId: target.schoolId, roles: target.roles };
  await db.transaction().execute(async (tx) => {
    await setSessionSchool(tx, input.sessionId, target.schoolId);
    await recordAudit(tx, {
      actor: switched,
      schoolId: target.schoolId,
      at: now,
      event: {
        type: 'auth.school_switched',
        subject: { type: 'staff', id: input.actor.staffId },
        data: { fromSchoolId: input.actor.schoolId },
      },
    });
  });
  return switched;
}
