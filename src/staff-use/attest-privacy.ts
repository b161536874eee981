import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Db } from '../platform/db/database.js';
import { forbidden, invalid } from '../platform/errors.js';
import { periodOf } from './periods.js';
import { findChecklist, privacyChecklists } from './privacy-checklists.js';
import { isStaff } from './staff-use.permissions.js';
import { readStaffUseSettings } from './update-staff-use-settings.js';
/**
 * "I have set these settings on this platform": the member of staff ticks each setting of the platform's
 * checklist; the attestation counts how many (SMT sees completion, never which). Once per platform per period;
 * attesting again in the same period replaces the counts.
 */
export async function attestPrivacy(
  db: Db,
  actor: Actor,
  input: { platform: string; confirmed: readonly string[] },
  now: Date,
  today: string,
): Promise<{ platform: string; period: string; confirmed: number; total: number; attestedAt: string }> {
  if (!isStaff(actor)) throw forbidden('StaffOnly', 'only a member of staff attests');
  const checklist = findChecklist(input.platform);
  if (!checklist)
    throw invalid('PlatformUnknown', `there is no checklist for ${input.platform}`, [
      `platform: one of ${privacyChecklists.platforms.map((p) => p.id).join(', ')}`,
    ]);
  const known = new Set(checklist.settings.map((s) => s.id));
  const unknown = input.confirmed.filter((id) => !known.has(id));
  if (unknown.length > 0)
    throw invalid(
      'SettingUnknown',
      `${checklist.name} has no such setting`,
      unknown.map((id) => `confirmed: ${id} is not a ${checklist.name} setting`),
    );
  const confirmed = new Set(input.confirmed).size;
  if (confirmed === 0)
    throw invalid('NothingConfirmed', 'tick the settings you have set', [
      'confirmed: tick at least one setting',
    ]);
  return db.transaction().execute(async (tx) => {
    const settings = await readStaffUseSettings(tx, actor.schoolId);
    const period = periodOf(today, settings.attestationPeriod);
    const values = {
      checklist_version: privacyChecklists.version,
      settings_confirmed: confirmed,
      settings_total: checklist.settings.length,
      attested_at: now,
    };
    await tx
      .insertInto('privacy_attestations')
      .values({
        school_id: actor.schoolId,
        staff_id: actor.staffId,
        platform: checklist.id,
        period,
        ...values,
      })
      .onConflict((oc) => oc.columns(['school_id', 'staff_id', 'platform', 'period']).doUpdateSet(values))
      .execute();
    await recordAudit(tx, {
      actor,
      schoolId: actor.schoolId,
      at: now,
      event: {
        type: 'staff_use.privacy_attested',
        subject: { type: 'staff', id: actor.staffId },
        data: { platform: checklist.id, period, confirmed, total: checklist.settings.length },
      },
    });
    return {
      platform: checklist.id,
      period,
      confirmed,
      total: checklist.settings.length,
      attestedAt: now.toISOString(),
    };
  });
}
