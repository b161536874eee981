import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Db, DbExecutor } from '../platform/db/database.js';
import { forbidden } from '../platform/errors.js';
import type { AttestationPeriodKind } from './periods.js';
import { canChangeSettings, isStaff } from './staff-use.permissions.js';

/** The school's official numbers and domains live in its check settings (schoolPhones) and school record. */
export interface StaffUseSettings {
  attestationPeriod: AttestationPeriodKind;
}

export async function readStaffUseSettings(db: DbExecutor, schoolId: string): Promise<StaffUseSettings> {
  const row = await db
    .selectFrom('staff_use_settings')
    .select(['attestation_period'])
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
  return { attestationPeriod: row?.attestation_period ?? 'term' };
}

/**
 * SMT, the headteacher or an admin sets how often staff attest (each term or each school year), from now on:
 * the change is kept with the instant it took effect, so reports of earlier ranges keep the setting of then.
 */
export async function updateStaffUseSettings(
  db: Db,
  actor: Actor,
  input: StaffUseSettings,
  now: Date,
): Promise<StaffUseSettings> {
  if (!isStaff(actor) || !canChangeSettings(actor))
    throw forbidden(
      'StaffUseSettingsForbidden',
      'only SMT, the headteacher and admins change these settings',
    );
  return db.transaction().execute(async (tx) => {
    await tx
      .insertInto('staff_use_settings')
      .values({
        school_id: actor.schoolId,
        attestation_period: input.attestationPeriod,
        updated_at: now,
        updated_by_staff_id: actor.staffId,
      })
      .onConflict((oc) =>
        oc.column('school_id').doUpdateSet({
          attestation_period: input.attestationPeriod,
          updated_at: now,
          updated_by_staff_id: actor.staffId,
        }),
      )
      .execute();
    // The history the governors' report reads: a past range keeps the setting that was in force then.
    await tx
      .insertInto('staff_use_setting_changes')
      .values({
        school_id: actor.schoolId,
        attestation_period: input.attestationPeriod,
        effective_at: now,
        changed_by_staff_id: actor.staffId,
      })
      .execute();
    await recordAudit(tx, {
      actor,
      schoolId: actor.schoolId,
      at: now,
      event: {
        type: 'staff_use.settings_updated',
        subject: { type: 'school', id: actor.schoolId },
        data: { attestationPeriod: input.attestationPeriod },
      },
    });
    return { attestationPeriod: input.attestationPeriod };
  });
}
