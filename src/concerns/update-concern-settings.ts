import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import { forbidden } from '../platform/errors.js';
import type { ConcernContext } from './concern-access.js';
import { defaultAcknowledgementSettings } from './concern-deadlines.js';
import { canManageConcernSettings } from './concerns.permissions.js';
import { findConcernSettings, saveConcernSettings } from './concerns.repository.js';

export interface ConcernSettings {
  urgentAckMinutes: number;
  routineAckWorkingDays: number;
  headteacherSees: 'staff_conduct' | 'all';
  chairOfGovernorsName: string | null;
  chairOfGovernorsEmail: string | null;
}

/** The school's concern settings, defaults filled in: for the DSL and the headteacher. */
export async function getConcernSettings(
  ctx: ConcernContext,
  actor: Actor,
  schoolId: string,
): Promise<ConcernSettings> {
  if (!canManageConcernSettings(actor, schoolId))
    throw forbidden('ConcernSettingsForbidden', 'for the DSL and the headteacher');
  const row = await findConcernSettings(ctx.db, schoolId);
  return {
    urgentAckMinutes: row?.urgent_ack_minutes ?? defaultAcknowledgementSettings.urgentAckMinutes,
    routineAckWorkingDays:
      row?.routine_ack_working_days ?? defaultAcknowledgementSettings.routineAckWorkingDays,
    headteacherSees: row?.headteacher_sees ?? 'staff_conduct',
    chairOfGovernorsName: row?.chair_of_governors_name ?? null,
    chairOfGovernorsEmail: row?.chair_of_governors_email ?? null,
  };
}

/** Changes acknowledgement times, what the headteacher sees, the chair's contact; audited (field names). */
export async function updateConcernSettings(
  ctx: ConcernContext,
  actor: Actor,
  input: { schoolId: string; changes: Partial<ConcernSettings> },
): Promise<ConcernSettings> {
  if (!canManageConcernSettings(actor, input.schoolId))
    throw forbidden('ConcernSettingsForbidden', 'for the DSL and the headteacher');
  const current = await getConcernSettings(ctx, actor, input.schoolId);
  const next = { ...current, ...input.changes };
  await ctx.db.transaction().execute(async (tx) => {
    await saveConcernSettings(tx, input.schoolId, {
      urgent_ack_minutes: next.urgentAckMinutes,
      routine_ack_working_days: next.routineAckWorkingDays,
      headteacher_sees: next.headteacherSees,
      chair_of_governors_name: next.chairOfGovernorsName,
      chair_of_governors_email: next.chairOfGovernorsEmail?.toLowerCase() ?? null,
      updated_at: ctx.now,
    });
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      event: {
        type: 'concern.settings_updated',
        subject: { type: 'school', id: input.schoolId },
        data: { fields: Object.keys(input.changes).sort() },
      },
      at: ctx.now,
    });
  });
  return next;
}
