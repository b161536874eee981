import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import { type AcknowledgementView, requireCurrent, requireStaff } from './policy-acknowledgements.js';

/**
 * "I have read and understood": records the actor's acknowledgement of the exact text of the current
 * version. Acknowledging again is harmless and records nothing new.
 */
export async function acknowledgeCurrentPolicy(
  db: Db,
  actor: Actor,
  now: Date,
): Promise<AcknowledgementView & { alreadyAcknowledged: boolean }> {
  const me = requireStaff(actor);
  return db.transaction().execute(async (tx) => {
    const current = await requireCurrent(tx, me.schoolId);
    const inserted = await tx
      .insertInto('policy_acknowledgements')
      .values({
        school_id: me.schoolId,
        staff_id: me.staffId,
        policy_version_id: current.id,
        document_hash: current.document_hash,
        acknowledged_at: now,
      })
      .onConflict((oc) => oc.columns(['school_id', 'staff_id', 'document_hash']).doNothing())
      .returning('acknowledged_at')
      .executeTakeFirst();
    if (inserted) {
      await recordAudit(tx, {
        actor: me,
        schoolId: me.schoolId,
        at: now,
        event: {
          type: 'policy.acknowledged',
          subject: { type: 'policy_version', id: current.id },
          data: { label: current.label, documentHash: current.document_hash },
        },
      });
    }
    const row =
      inserted ??
      (await tx
        .selectFrom('policy_acknowledgements')
        .select('acknowledged_at')
        .where('school_id', '=', me.schoolId)
        .where('staff_id', '=', me.staffId)
        .where('document_hash', '=', current.document_hash)
        .executeTakeFirstOrThrow());
    return {
      policyVersionId: current.id,
      label: current.label,
      documentHash: current.document_hash,
      acknowledgedAt: row.acknowledged_at.toISOString(),
      alreadyAcknowledged: !inserted,
    };
  });
}
