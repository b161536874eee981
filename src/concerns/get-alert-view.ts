import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { ConcernContext } from './concern-access.js';
import { type AlertView, requireAlertAccess, toAlertView } from './concern-alert-view.js';

/** The alert view of one concern; the read is audited like any other. */
export async function getAlertView(
  ctx: ConcernContext,
  actor: Actor,
  input: { schoolId: string; concernId: string },
): Promise<AlertView> {
  return ctx.db.transaction().execute(async (tx) => {
    const { concern, canRead } = await requireAlertAccess(tx, actor, input.schoolId, input.concernId);
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      event: {
        type: 'concern.viewed',
        subject: { type: 'concern', id: concern.id },
        data: { view: 'alert' },
      },
      at: ctx.now,
    });
    return toAlertView(tx, concern, canRead);
  });
}
