import type { Actor } from '../platform/auth/roles.js';
import { invalid } from '../platform/errors.js';
import type { ConcernContext } from './concern-access.js';
import type { ConcernDetail } from './concern-detail.js';
import { concernSubject, runTriageStep } from './concern-triage.js';

/** A lead reopens a closed concern, with the reasons. */
export async function reopenConcern(
  ctx: ConcernContext,
  actor: Actor,
  input: { schoolId: string; concernId: string; reasons: string },
): Promise<ConcernDetail> {
  return runTriageStep(
    ctx,
    actor,
    { ...input, allowClosed: true },
    async ({ concern, update, entry, audit }) => {
      if (concern.status !== 'closed')
        throw invalid('ConcernNotClosed', 'only a closed concern can be reopened');
      await update({ status: 'open', closed_at: null });
      await entry('reopened', input.reasons);
      await audit({ type: 'concern.reopened', subject: concernSubject(concern), data: {} });
    },
  );
}
