import { randomBytes } from 'node:crypto';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import { forbidden } from '../platform/errors.js';
import { spendSelfAuditAllowance } from './self-audit-limits.js';
import { isStaff } from './staff-use.permissions.js';

/** A self-audit's key lasts an hour: long enough to read a big export, short enough to be one sitting. */
export const SELF_AUDIT_KEY_MS = 60 * 60 * 1000;

/**
 * Starts a self-audit: a fresh random HMAC key for this member of staff, for an hour. Audited (that a check
 * was started, nothing more).
 */
export async function startSelfAudit(
  db: Db,
  actor: Actor,
  now: Date,
): Promise<{ id: string; key: string; expiresAt: string }> {
  if (!isStaff(actor)) throw forbidden('StaffOnly', 'only a member of staff checks their followers');
  await spendSelfAuditAllowance(db, 'session', actor.staffId, now);
  const key = randomBytes(32);
  const expiresAt = new Date(now.getTime() + SELF_AUDIT_KEY_MS);
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('self_audit_keys')
      .values({
        school_id: actor.schoolId,
        staff_id: actor.staffId,
        hmac_key: key,
        created_at: now,
        expires_at: expiresAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      actor,
      schoolId: actor.schoolId,
      at: now,
      event: {
        type: 'staff_use.self_audit_started',
        subject: { type: 'staff', id: actor.staffId },
        data: {},
      },
    });
    return { id: row.id, key: key.toString('base64'), expiresAt: expiresAt.toISOString() };
  });
}
