import type { Actor } from '../platform/auth/roles.js';
import { invalid } from '../platform/errors.js';
import { actorStaffId, type ConcernContext, isUuid } from './concern-access.js';
import type { ConcernDetail } from './concern-detail.js';
import { completeAction } from './concern-record.repository.js';
import { concernSubject, runTriageStep } from './concern-triage.js';

/** A lead marks an open action of the concern done. */
export async function completeConcernAction(
  ctx: ConcernContext,
  actor: Actor,
  input: { schoolId: string; concernId: string; actionId: string },
): Promise<ConcernDetail> {
  return runTriageStep(ctx, actor, input, async ({ tx, concern, entry, audit }) => {
    const done =
      isUuid(input.actionId) &&
      (await completeAction(tx, {
        concernId: concern.id,
        actionId: input.actionId,
        at: ctx.now,
        by: actorStaffId(actor),
      }));
    if (!done) throw invalid('ActionUnknown', 'no open action with that id on this concern');
    await entry('action_completed', undefined, { actionId: input.actionId });
    await audit({
      type: 'concern.action_completed',
      subject: concernSubject(concern),
      data: { actionId: input.actionId },
    });
  });
}
