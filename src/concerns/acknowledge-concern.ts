import type { Actor } from '../platform/auth/roles.js';
import { invalid } from '../platform/errors.js';
import { actorStaffId, type ConcernContext } from './concern-access.js';
import type { ConcernDetail } from './concern-detail.js';
import { concernSubject, runTriageStep } from './concern-triage.js';

/** A lead acknowledges a new concern: the escalation stops, the time it took is audited. */
export async function acknowledgeConcern(
  ctx: ConcernContext,
  actor: Actor,
  input: { schoolId: string; concernId: string },
): Promise<ConcernDetail> {
  return runTriageStep(ctx, actor, { ...input, allowClosed: true }, async (step) => {
    const { concern } = step;
    if (concern.acknowledged_at !== null) throw invalid('ConcernAlreadyAcknowledged', 'already acknowledged');
    await step.update({ status: 'open', acknowledged_at: ctx.now, acknowledged_by: actorStaffId(actor) });
    await step.entry('acknowledged');
    await step.audit({
      type: 'concern.acknowledged',
      subject: concernSubject(concern),
      data: { afterMinutes: Math.round((ctx.now.getTime() - concern.created_at.getTime()) / 60_000) },
    });
  });
}
