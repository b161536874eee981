import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import { forbidden } from '../platform/errors.js';
import { describePeriod, periodOf } from './periods.js';
import { currentPolicyHash } from './policy-version.js';
import { canReadCompliance, isStaff } from './staff-use.permissions.js';
import { readStaffUseSettings } from './update-staff-use-settings.js';
export interface StaffCompliance {
  period: string;
  periodLabel: string;
  total: number;
  percentages: { policyAcknowledged: number; privacyAttested: number; selfAudited: number };
  staff: {
    staffId: string;
    name: string;
    policyAcknowledged: boolean;
    /** Platforms attested this period: a count, never which settings. */
    privacyPlatforms: number;
    /** A self-audit this period with every likely match resolved. */
    selfAudited: boolean;
  }[];
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 100 : Math.round((part / whole) * 1000) / 10;
}

/**
 * Completion for SMT, the headteacher and admins: by person, for one period, whether they acknowledged the
 * current policy, attested privacy settings and completed a self-audit. No answer, list or match is read.
 */
export async function getStaffCompliance(
  db: Db,
  actor: Actor,
  input: { period?: string | undefined },
  now: Date,
  today: string,
): Promise<StaffCompliance> {
  if (!isStaff(actor) || !canReadCompliance(actor))
    throw forbidden('ComplianceForbidden', 'only SMT, the headteacher and admins see staff completion');
  return db.transaction().execute(async (tx) => {
    const settings = await readStaffUseSettings(tx, actor.schoolId);
    const period = input.period ?? periodOf(today, settings.attestationPeriod);
    const hash = (await currentPolicyHash(tx, actor.schoolId)) ?? '';
    const people = await tx
      .selectFrom('staff_memberships')
      .innerJoin('staff', 'staff.id', 'staff_memberships.staff_id')
      .select(['staff.id', 'staff.given_name', 'staff.family_name'])
      .where('staff_memberships.school_id', '=', actor.schoolId)
      .where('staff_memberships.status', '=', 'active')
      .orderBy('staff.family_name')
      .orderBy('staff.given_name')
      .execute();
    const acknowledged = new Set(
      (
        await tx
          .selectFrom('policy_acknowledgements')
          .select('staff_id')
          .where('school_id', '=', actor.schoolId)
          .where('document_hash', '=', hash)
          .execute()
      ).map((r) => r.staff_id),
    );
    const privacy = new Map<string, number>();
    for (const r of await tx
      .selectFrom('privacy_attestations')
      .select('staff_id')
      .where('school_id', '=', actor.schoolId)
      .where('period', '=', period)
      .execute())
      privacy.set(r.staff_id, (privacy.get(r.staff_id) ?? 0) + 1);
    const audited = new Set(
      (
        await tx
          .selectFrom('self_audit_attestations')
          .select('staff_id')
          .where('school_id', '=', actor.schoolId)
          .where('period', '=', period)
          .where('all_resolved', '=', true)
          .execute()
      ).map((r) => r.staff_id),
    );
    await recordAudit(tx, {
      actor,
      schoolId: actor.schoolId,
      at: now,
      event: {
        type: 'staff_use.compliance_viewed',
        subject: { type: 'school', id: actor.schoolId },
        data: { period },
      },
    });
    const staff = people.map((p) => ({
      staffId: p.id,
      name: `${p.given_name} ${p.family_name}`,
      policyAcknowledged: acknowledged.has(p.id),
      privacyPlatforms: privacy.get(p.id) ?? 0,
      selfAudited: audited.has(p.id),
    }));
    return {
      period,
      periodLabel: describePeriod(period),
      total: staff.length,
      percentages: {
        policyAcknowledged: percent(staff.filter((s) => s.policyAcknowledged).length, staff.length),
        privacyAttested: percent(staff.filter((s) => s.privacyPlatforms > 0).length, staff.length),
        selfAudited: percent(staff.filter((s) => s.selfAudited).length, staff.length),
      },
      staff,
    };
  });
}
