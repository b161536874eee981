import type { Actor } from '../platform/auth/roles.js';
import { invalid } from '../platform/errors.js';
import type { ConcernContext } from './concern-access.js';
import { assembleDetail, type ConcernDetail } from './concern-detail.js';
import { concernSubject, runTriageStep } from './concern-triage.js';

/**
 * A lead closes the concern with its outcome and reasons, once a decision is recorded. Work still open
 * (actions, follow-ups, nobody assigned) needs a reason to close anyway, kept in the chronology.
 */
export async function closeConcern(
  ctx: ConcernContext,
  actor: Actor,
  input: {
    schoolId: string;
    concernId: string;
    outcome: string;
    reasons: string;
    closeAnywayReason: string | null;
  },
): Promise<ConcernDetail> {
  return runTriageStep(ctx, actor, input, async ({ tx, concern, update, entry, audit }) => {
    if (concern.decision === null)
      throw invalid('DecisionRequired', 'record a decision with its reasons before closing');
    const before = await assembleDetail(tx, ctx.keyring, concern, ctx.now);
    const warnings = before.closeWarnings;
    const anyway = input.closeAnywayReason?.trim() ?? '';
    if (warnings.length > 0 && anyway.length < 3)
      throw invalid(
        'CloseNeedsReason',
        'this concern still has work open: say why it should close anyway',
        warnings.map((w) => w.message),
      );
    await update({ status: 'closed', outcome: input.outcome, closed_at: ctx.now });
    await entry('closed', input.reasons, { outcome: input.outcome });
    if (warnings.length > 0)
      await entry('closed_despite', anyway, { warnings: warnings.map((w) => w.code).join(',') });
    await audit({
      type: 'concern.closed',
      subject: concernSubject(concern),
      data: {
        outcome: input.outcome,
        ...(warnings.length > 0 ? { closedDespite: warnings.map((w) => w.code) } : {}),
      },
    });
  });
}
