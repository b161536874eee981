import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import { type ConcernContext, concernNotFound, isUuid, requireVisibleConcern } from './concern-access.js';
import { assembleDetail, type ConcernDetail } from './concern-detail.js';

/** One concern in full, for those who may triage it; the read is audited. */
export async function getConcern(
  ctx: ConcernContext,
  actor: Actor,
  input: { schoolId: string; concernId: string; purpose?: 'detail' | 'export' },
): Promise<ConcernDetail> {
  if (!isUuid(input.concernId)) throw concernNotFound();
  return ctx.db.transaction().execute(async (tx) => {
    const concern = await requireVisibleConcern(tx, actor, input.schoolId, input.concernId);
    const detail = await assembleDetail(tx, ctx.keyring, concern, ctx.now);
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      event:
        input.purpose === 'export'
          ? {
              type: 'concern.exported',
              subject: { type: 'concern', id: concern.id },
              data: { format: 'pdf' },
            }
          : {
              type: 'concern.viewed',
              subject: { type: 'concern', id: concern.id },
              data: { view: 'detail' },
            },
      at: ctx.now,
    });
    return detail;
  });
}
