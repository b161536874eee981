import { z } from 'zod';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Db, DbExecutor } from '../platform/db/database.js';
import { forbidden, invalid } from '../platform/errors.js';
import { parseOrInvalid } from '../schools/school-view.js';
import { approvalMonths } from './account-access.js';
import { canManageRegisterSettings, canReadRegister } from './accounts.permissions.js';
import { upsertRegisterSettings } from './accounts.repository.js';

export interface RegisterSettingsView {
  approvalMonths: number;
  reminderDays: number;
}

export async function getRegisterSettings(
  db: DbExecutor,
  actor: Actor,
  schoolId: string,
): Promise<RegisterSettingsView> {
  if (!canReadRegister(actor, schoolId))
    throw forbidden('RegisterForbidden', 'not allowed to read register settings');
  return approvalMonths(db, schoolId);
}

export const registerSettingsSchema = z
  .object({
    approvalMonths: z.number().int().min(1).max(36),
    reminderDays: z.number().int().min(1).max(180),
  })
  .strict();

/** How long an approval lasts and how early owners are reminded: SMT, the headteacher and admins. */
export async function updateRegisterSettings(
  db: Db,
  actor: Actor,
  schoolId: string,
  input: unknown,
  clock: Clock,
): Promise<RegisterSettingsView> {
  if (!canManageRegisterSettings(actor, schoolId))
    throw forbidden('RegisterForbidden', 'register settings are for SMT, the headteacher and admins');
  const data = parseOrInvalid(registerSettingsSchema, input, 'InvalidRegisterSettings');
  if (data.reminderDays >= data.approvalMonths * 28)
    throw invalid('InvalidRegisterSettings', 'reminders must start before the approval period does');
  return db.transaction().execute(async (tx) => {
    await upsertRegisterSettings(tx, schoolId, {
      approval_months: data.approvalMonths,
      reminder_days: data.reminderDays,
    });
    await recordAudit(tx, {
      actor,
      schoolId,
      at: clock.now(),
      event: {
        type: 'account.register_settings_updated',
        subject: { type: 'school', id: schoolId },
        data: { approvalMonths: data.approvalMonths, reminderDays: data.reminderDays },
      },
    });
    return data;
  });
}
