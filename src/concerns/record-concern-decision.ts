import type { Actor } from '../platform/auth/roles.js';
import type { ConcernContext } from './concern-access.js';
import type { ConcernDetail } from './concern-detail.js';
import { concernSubject, runTriageStep } from './concern-triage.js';
import type { ConcernDecision } from './concerns.table.js';

/** A lead records the decision (including not to refer), with its reasons in the chronology. */
export async function recordConcernDecision(
  ctx: ConcernContext,
  actor: Actor,
  input: { schoolId: string; concernId: string; decision: ConcernDecision; reasons: string },
): Promise<ConcernDetail> {
  return runTriageStep(ctx, actor, input, async ({ concern, update, entry, audit }) => {
    await update({
      decision: input.decision,
      ...(concern.status === 'new' ? { status: 'open' as const } : {}),
    });
    await entry('decision', input.reasons, { decision: input.decision });
    await audit({
      type: 'concern.decision_recorded',
      subject: concernSubject(concern),
      data: { decision: input.decision },
    });
  });
}
