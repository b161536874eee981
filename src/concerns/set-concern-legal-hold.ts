import type { Actor } from '../platform/auth/roles.js';
import type { ConcernContext } from './concern-access.js';
import type { ConcernDetail } from './concern-detail.js';
import { concernSubject, runTriageStep } from './concern-triage.js';

/** A lead puts the record on legal hold (kept past its retention date) or lifts the hold, with reasons. */
export async function setConcernLegalHold(
  ctx: ConcernContext,
  actor: Actor,
  input: { schoolId: string; concernId: string; legalHold: boolean; reasons: string },
): Promise<ConcernDetail> {
  return runTriageStep(
    ctx,
    actor,
    { ...input, allowClosed: true },
    async ({ concern, update, entry, audit }) => {
      await update({ legal_hold: input.legalHold });
      await entry('legal_hold', input.reasons, { legalHold: input.legalHold });
      await audit({
        type: 'concern.legal_hold_set',
        subject: concernSubject(concern),
        data: { legalHold: input.legalHold },
      });
    },
  );
}
