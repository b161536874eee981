import { randomBytes } from 'node:crypto';
import { recordAudit } from '../audit/audit.js';
import type { Db } from '../db/database.js';
import { invalid } from '../errors.js';
import { enqueueEmail } from '../notify/email.js';
import { allowResetEmail, clearAccountFailures } from './attempt-limits.js';
import {
  findStaffById,
  findStaffForSignIn,
  listActiveMemberships,
  listActiveTrustMemberships,
  upsertCredentials,
} from './auth.repository.js';
import { hashPassword, passwordProblems } from './passwords.js';
import { hashToken, revokeAllSessions } from './sessions.js';
import { homeOf, normaliseEmail, staffActorOf } from './sign-in.service.js';

export const RESET_LINK_MINUTES = 60;

/**
 * Queues a one-time reset link for a real account, at most RESET_EMAILS_PER_ACCOUNT in a quarter of an hour
 * whoever asks from wherever. Says nothing either way (sent, limited or no such account), so the answer
 * cannot be used to find out who has an account here; the caller always answers 202.
 */
export async function requestPasswordReset(
  db: Db,
  input: {
    email: string;
    /** The absolute address of the web app's reset page; the token follows in the fragment. */
    resetPageUrl: string;
  },
  now: Date,
): Promise<void> {
  const staff = await findStaffForSignIn(db, normaliseEmail(input.email));
  if (!staff) return;
  // Someone holding trust roles only has no school membership: their home is their trust's first school,
  // where sign-in puts them too, so the same per-account limit and audit trail apply.
  const home = homeOf(
    await listActiveMemberships(db, staff.staffId),
    await listActiveTrustMemberships(db, staff.staffId),
  );
  if (!home) return;
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + RESET_LINK_MINUTES * 60_000);
  const link = `${input.resetPageUrl}#token=${token}`;
  await db.transaction().execute(async (tx) => {
    const account = { staffId: staff.staffId, schoolId: home.schoolId };
    if (!(await allowResetEmail(tx, { email: staff.email, account }, now))) return;
    await tx
      .insertInto('password_reset_tokens')
      .values({
        id: hashToken(token),
        staff_id: staff.staffId,
        created_at: now,
        expires_at: expiresAt,
        used_at: null,
      })
      .execute();
    await enqueueEmail(tx, {
      schoolId: home.schoolId,
      to: staff.email,
      subject: 'Reset your Guardpost password',
      text: [
        `Someone (we hope you) asked to reset the Guardpost password for ${staff.email}.`,
        '',
        `Open this link within ${RESET_LINK_MINUTES} minutes to choose a new password:`,
        link,
        '',
        'If you did not ask, ignore this email: your password stays as it is.',
      ].join('\n'),
      html: `<p>Someone (we hope you) asked to reset the Guardpost password for this address.</p><p><a href="${link}">Choose a new password</a> within ${RESET_LINK_MINUTES} minutes.</p><p>If you did not ask, ignore this email: your password stays as it is.</p>`,
      now,
    });
    await recordAudit(tx, {
      actor: staffActorOf(staff, home),
      schoolId: home.schoolId,
      at: now,
      event: {
        type: 'auth.password_reset_requested',
        subject: { type: 'staff', id: staff.staffId },
        data: { expiresAt: expiresAt.toISOString() },
      },
    });
  });
}

/**
 * Sets a new password from a reset link: the link works once, within the hour, and every session of the
 * person ends (whoever knew the old password is signed out too).
 */
export async function confirmPasswordReset(
  db: Db,
  input: { token: string; password: string },
  now: Date,
): Promise<void> {
  const row = await db
    .selectFrom('password_reset_tokens')
    .selectAll()
    .where('id', '=', hashToken(input.token))
    .executeTakeFirst();
  if (!row || row.used_at || row.expires_at.getTime() <= now.getTime()) {
    throw invalid('InvalidResetToken', 'this reset link has expired or was already used: ask for a new one');
  }
  const staff = await findStaffById(db, row.staff_id);
  if (!staff) throw invalid('InvalidResetToken', 'this reset link has expired or was already used');
  const problems = passwordProblems(input.password, staff.email);
  if (problems.length > 0) throw invalid('WeakPassword', problems[0] ?? 'choose a longer password', problems);
  const passwordHash = await hashPassword(input.password);
  const schoolMemberships = await listActiveMemberships(db, staff.staffId);
  const home = homeOf(schoolMemberships, await listActiveTrustMemberships(db, staff.staffId));
  // Each school the person works in records the change; someone with trust roles only, their home school.
  const memberships = schoolMemberships.length > 0 ? schoolMemberships : home ? [home] : [];
  await db.transaction().execute(async (tx) => {
    const claimed = await tx
      .updateTable('password_reset_tokens')
      .set({ used_at: now })
      .where('id', '=', row.id)
      .where('used_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!claimed) throw invalid('InvalidResetToken', 'this reset link was already used');
    // Any other outstanding link for this person dies with this one.
    await tx
      .updateTable('password_reset_tokens')
      .set({ used_at: now })
      .where('staff_id', '=', staff.staffId)
      .where('used_at', 'is', null)
      .execute();
    await upsertCredentials(tx, staff.staffId, { password_hash: passwordHash, password_changed_at: now });
    const revoked = await revokeAllSessions(tx, staff.staffId, now);
    // The lock-out message promises that a reset lets the owner back in.
    await clearAccountFailures(tx, staff.email);
    for (const membership of memberships) {
      await recordAudit(tx, {
        actor: staffActorOf(staff, membership),
        schoolId: membership.schoolId,
        at: now,
        event: {
          type: 'auth.password_changed',
          subject: { type: 'staff', id: staff.staffId },
          data: { via: 'reset_link', sessionsRevoked: revoked },
        },
      });
    }
  });
}
