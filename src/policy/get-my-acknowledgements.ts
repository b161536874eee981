import type { Actor } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';
import { findCurrentVersion } from './policy.repository.js';
import { type AcknowledgementView, requireStaff } from './policy-acknowledgements.js';

/** Whether the actor has acknowledged the current version, and what they acknowledged before. */
export async function getMyAcknowledgements(
  db: DbExecutor,
  actor: Actor,
): Promise<{
  current: { policyVersionId: string; label: string; documentHash: string } | null;
  acknowledgedCurrent: boolean;
  acknowledgements: AcknowledgementView[];
}> {
  const me = requireStaff(actor);
  const current = await findCurrentVersion(db, me.schoolId);
  const rows = await db
    .selectFrom('policy_acknowledgements')
    .innerJoin('policy_versions', 'policy_versions.id', 'policy_acknowledgements.policy_version_id')
    .select([
      'policy_acknowledgements.policy_version_id',
      'policy_versions.label',
      'policy_acknowledgements.document_hash',
      'policy_acknowledgements.acknowledged_at',
    ])
    .where('policy_acknowledgements.school_id', '=', me.schoolId)
    .where('policy_acknowledgements.staff_id', '=', me.staffId)
    .orderBy('policy_acknowledgements.acknowledged_at', 'desc')
    .execute();
  return {
    current: current
      ? { policyVersionId: current.id, label: current.label, documentHash: current.document_hash }
      : null,
    acknowledgedCurrent: current !== undefined && rows.some((r) => r.document_hash === current.document_hash),
    acknowledgements: rows.map((r) => ({
      policyVersionId: r.policy_version_id,
      label: r.label,
      documentHash: r.document_hash,
      acknowledgedAt: r.acknowledged_at.toISOString(),
    })),
  };
}
