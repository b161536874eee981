import type { Actor } from '../platform/auth/roles.js';
import { canReviewSar } from './sar.permissions.js';
import { collectSubjectData } from './sar-collect.js';
import { loadRequest, requireSarHandler, type SarContext, type SarView, viewOf } from './sar-views.js';

/** A request; the DSL and deputy also get the items to review (reading them is audited per concern). */
export async function getSubjectAccessRequest(
  ctx: SarContext,
  actor: Actor,
  input: { schoolId: string; id: string },
): Promise<SarView> {
  requireSarHandler(actor, input.schoolId);
  const row = await loadRequest(ctx.db, input.schoolId, input.id);
  if (!canReviewSar(actor, input.schoolId)) return viewOf(row, { subject: null, items: null });
  const data = await collectSubjectData(
    { db: ctx.db, keyring: ctx.keyring, now: ctx.clock.now() },
    { schoolId: input.schoolId, kind: row.subject_kind, subjectId: row.subject_id },
  );
  return viewOf(row, data);
}

/**
 * The safeguarding review: the DSL or deputy decides what is withheld (each with its reason, e.g. "would
 * be likely to cause serious harm", "identifies a third party who has not consented") and records it
 * before anything can be released. Every safeguarding item must be looked at: this step is required.
 */
