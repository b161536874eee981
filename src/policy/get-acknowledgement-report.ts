import { type Actor, hasRole } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';
import { forbidden } from '../platform/errors.js';
import { type AcknowledgementReport, requireCurrent } from './policy-acknowledgements.js';

/** Who has and has not acknowledged the current version: for SMT, the headteacher and admins. */
export async function getAcknowledgementReport(db: DbExecutor, actor: Actor): Promise<AcknowledgementReport> {
  if (actor.kind !== 'staff' || !hasRole(actor, 'smt', 'headteacher', 'admin'))
    throw forbidden('AcknowledgementReportForbidden', 'only SMT, the headteacher and admins see this');
  const current = await requireCurrent(db, actor.schoolId);
  const rows = await db
    .selectFrom('staff_memberships')
    .innerJoin('staff', 'staff.id', 'staff_memberships.staff_id')
    .leftJoin('policy_acknowledgements', (join) =>
      join
        .onRef('policy_acknowledgements.staff_id', '=', 'staff.id')
        .onRef('policy_acknowledgements.school_id', '=', 'staff_memberships.school_id')
        .on('policy_acknowledgements.document_hash', '=', current.document_hash),
    )
    .select([
      'staff.id',
      'staff.given_name',
      'staff.family_name',
      'staff.email',
      'policy_acknowledgements.acknowledged_at',
    ])
    .where('staff_memberships.school_id', '=', actor.schoolId)
    .where('staff_memberships.status', '=', 'active')
    .orderBy('staff.family_name')
    .orderBy('staff.given_name')
    .execute();
  const acknowledged = rows.filter((r) => r.acknowledged_at !== null).length;
  return {
    policyVersionId: current.id,
    label: current.label,
    documentHash: current.document_hash,
    total: rows.length,
    acknowledged,
    percentage: rows.length === 0 ? 100 : Math.round((acknowledged / rows.length) * 1000) / 10,
    staff: rows.map((r) => ({
      staffId: r.id,
      name: `${r.given_name} ${r.family_name}`,
      email: r.email,
      acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
    })),
  };
}
