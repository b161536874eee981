import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import { conflict, forbidden, invalid } from '../platform/errors.js';
import { canReviewSar } from './sar.permissions.js';
import { saveReview } from './sar.repository.js';
import type { SarWithheldItem } from './sar.table.js';
import { collectSubjectData } from './sar-collect.js';
import { labelOf, loadRequest, type SarContext, type SarView, viewOf } from './sar-views.js';

/**
 * The safeguarding review: the DSL or deputy decides what is withheld (each with its reason, e.g. "would
 * be likely to cause serious harm", "identifies a third party who has not consented") and records it
 * before anything can be released. Every safeguarding item must be looked at: this step is required.
 */
export async function reviewSubjectAccessRequest(
  ctx: SarContext,
  actor: Actor,
  input: { schoolId: string; id: string; withheld: SarWithheldItem[]; note: string | null },
): Promise<SarView> {
  if (!canReviewSar(actor, input.schoolId))
    throw forbidden('SarReviewForbidden', 'only the DSL or their deputy makes the safeguarding review');
  const row = await loadRequest(ctx.db, input.schoolId, input.id);
  if (row.status === 'released') throw conflict('SarAlreadyReleased', 'this request was already released');
  const now = ctx.clock.now();
  const data = await collectSubjectData(
    { db: ctx.db, keyring: ctx.keyring, now },
    { schoolId: input.schoolId, kind: row.subject_kind, subjectId: row.subject_id },
  );
  const known = new Set(data.items.map((i) => i.id));
  const problems: string[] = [];
  for (const w of input.withheld) {
    if (!known.has(w.itemId)) problems.push(`${w.itemId}: no such item in this request`);
    if (w.reason.trim().length < 5) problems.push(`${w.itemId}: say why it is withheld`);
  }
  if (problems.length > 0)
    throw invalid('SarReviewInvalid', 'the review cannot be recorded as given', problems);
  return ctx.db.transaction().execute(async (tx) => {
    const updated = await saveReview(tx, row.id, {
      withheld: input.withheld.map((w) => ({ itemId: w.itemId, reason: w.reason.trim() })),
      note: input.note?.trim() || null,
      by: labelOf(actor),
      at: now,
    });
    await recordAudit(tx, {
      actor,
      schoolId: input.schoolId,
      event: {
        type: 'sar.reviewed',
        subject: { type: 'subject_access_request', id: row.id },
        data: { items: data.items.length, withheld: input.withheld.length },
      },
      at: now,
    });
    return viewOf(updated, data);
  });
}

/**
 * The export: a zip of `personal-data.json` and `personal-data.pdf`, without what the review withheld.
 * Only after the review; audited as released.
 */
