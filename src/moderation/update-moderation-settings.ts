import { z } from 'zod';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';
import { forbidden } from '../platform/errors.js';
import { canManageModerationSettings, canModerate } from './moderation.permissions.js';
import { findModerationSettings } from './moderation.repository.js';
import type { ModerationContext } from './moderation-context.js';

export const moderationSettingsSchema = z.object({
  readEveryMinutes: z.number().int().min(1).max(1440),
  slaWorkingMinutes: z
    .number()
    .int()
    .min(5)
    .max(7 * 600),
  outOfHoursHide: z.boolean(),
});
export type ModerationSettings = z.infer<typeof moderationSettingsSchema>;

export async function getModerationSettings(
  db: DbExecutor,
  actor: Actor,
  schoolId: string,
): Promise<ModerationSettings> {
  if (!canModerate(actor, schoolId) && !canManageModerationSettings(actor, schoolId))
    throw forbidden('ModerationForbidden', 'the moderation settings are for SMT');
  return findModerationSettings(db, schoolId);
}

export async function updateModerationSettings(
  ctx: Pick<ModerationContext, 'db' | 'now'>,
  actor: Actor,
  schoolId: string,
  input: ModerationSettings,
): Promise<ModerationSettings> {
  if (!canManageModerationSettings(actor, schoolId))
    throw forbidden(
      'ModerationSettingsForbidden',
      'only SMT, the headteacher or an admin change these settings',
    );
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('moderation_settings')
      .values({
        school_id: schoolId,
        read_every_minutes: input.readEveryMinutes,
        sla_working_minutes: input.slaWorkingMinutes,
        out_of_hours_hide: input.outOfHoursHide,
        updated_at: ctx.now,
      })
      .onConflict((oc) =>
        oc.column('school_id').doUpdateSet({
          read_every_minutes: input.readEveryMinutes,
          sla_working_minutes: input.slaWorkingMinutes,
          out_of_hours_hide: input.outOfHoursHide,
          updated_at: ctx.now,
        }),
      )
      .execute();
    await recordAudit(tx, {
      actor,
      schoolId,
      event: { type: 'moderation.settings_updated', subject: { type: 'school', id: schoolId }, data: input },
      at: ctx.now,
    });
  });
  return input;
}
