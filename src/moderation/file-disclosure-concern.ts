import { reportConcern } from '../concerns/report-concern.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import { conflict, forbidden, notFound } from '../platform/errors.js';
import { openSnapshot } from './list-moderation-items.js';
import { canReadDisclosure } from './moderation.permissions.js';
import { findItem } from './moderation.repository.js';
import type { ModerationContext } from './moderation-context.js';

/**
 * The DSL files a possible disclosure as a safeguarding concern (through the concerns domain's own use case),
 * with the snapshot's words as the child's words. The draft was made by the ingest; a person files it.
 */
export async function fileDisclosureConcern(
  ctx: Pick<ModerationContext, 'db' | 'keyring' | 'now'>,
  actor: Actor,
  itemId: string,
  input: { urgency: 'urgent' | 'routine'; note?: string | undefined },
): Promise<{ concernId: string; reference: string }> {
  const item = await findItem(ctx.db, itemId);
  if (!item || (actor.kind === 'staff' && actor.schoolId !== item.school_id))
    throw notFound('ModerationItemNotFound', 'no such comment in the moderation queue');
  if (!canReadDisclosure(actor, item.school_id))
    throw forbidden('DisclosureForbidden', 'only the DSL and deputies file a possible disclosure');
  if (!item.disclosure || item.concern_draft !== 'draft')
    throw conflict('DisclosureNotDraft', 'this comment has no draft concern waiting');
  const snap = await openSnapshot(ctx.db, ctx, itemId, true);
  if (!snap.content) throw notFound('SnapshotMissing', 'the comment’s snapshot is missing');
  const c = snap.content;
  const { id, receipt } = await reportConcern({ db: ctx.db, keyring: ctx.keyring, now: ctx.now }, actor, {
    schoolId: item.school_id,
    type: 'other_online_safety',
    platform: c.platform,
    occurredAt: new Date(c.createdAt),
    pupils: [],
    subjectStaffId: null,
    whatHappened: [
      `A comment on a school account (${c.platform}) may be a child disclosing harm.`,
      `Author: ${c.authorDisplayName} (@${c.authorHandle}), ${c.createdAt}.`,
      c.url ? `Address: ${c.url}` : '',
      `Snapshot SHA-256: ${snap.sha256}`,
      input.note ? `Note: ${input.note}` : '',
    ]
      .filter(Boolean)
      .join('\n'),
    childWords: c.text,
    actionsTaken: 'Read from the moderation queue; the comment was not hidden by Guardpost.',
    toldDslInPerson: false,
    urgency: input.urgency,
    evidence: [],
  });
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('moderation_items')
      .set({ concern_draft: 'filed', concern_id: id, actioned_at: item.actioned_at ?? ctx.now })
      .where('id', '=', itemId)
      .execute();
    await recordAudit(tx, {
      actor,
      schoolId: item.school_id,
      event: {
        type: 'moderation.disclosure_filed',
        subject: { type: 'moderation_item', id: itemId },
        data: { concernId: id },
      },
      at: ctx.now,
    });
  });
  return { concernId: id, reference: receipt.reference };
}
