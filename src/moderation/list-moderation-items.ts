import { z } from 'zod';
import { accountIdsOwnedBy } from '../accounts/accounts.queries.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import { loadDataKey } from '../platform/crypto/data-keys.js';
import { open } from '../platform/crypto/envelope.js';
import type { DbExecutor } from '../platform/db/database.js';
import { forbidden } from '../platform/errors.js';
import { canModerate, canReadDisclosure } from './moderation.permissions.js';
import { accountLabels, findSnapshot } from './moderation.repository.js';
import {
  type ItemState,
  itemStates,
  type SnapshotContent,
  type StoredModerationFinding,
} from './moderation.table.js';
import { allowedActions, type ModerationActionName } from './moderation-actions.js';
import { type ModerationContext, snapshotContext } from './moderation-context.js';

export const itemFiltersSchema = z.object({
  /** One comment, whatever its state (the link in SMT's report of an action opens it). */
  id: z.uuid().optional(),
  accountId: z.uuid().optional(),
  verdict: z.enum(['block', 'review', 'pass']).optional(),
  clause: z.string().max(10).optional(),
  state: z.enum(itemStates).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export type ItemFilters = z.infer<typeof itemFiltersSchema>;

export interface ModerationItemView {
  id: string;
  accountId: string;
  accountLabel: string;
  platform: string;
  demo: boolean;
  verdict: string;
  state: ItemState;
  hidden: boolean;
  disclosure: boolean;
  concernDraft: string | null;
  /** The comment's words, or null when sealed and the reader is not a safeguarding lead. */
  text: string | null;
  authorHandle: string | null;
  authorDisplayName: string | null;
  url: string | null;
  context: { authorHandle: string; text: string }[];
  sha256: string | null;
  findings: (StoredModerationFinding & { excerpt: string | null })[];
  clauses: string[];
  actions: ModerationActionName[];
  arrivedAt: string;
  receivedAt: string;
  actionedAt: string | null;
  escalatedAt: string | null;
}

/** A snapshot as stored: plain, or sealed and opened only for those who may read it. */
export async function openSnapshot(
  db: DbExecutor,
  ctx: Pick<ModerationContext, 'keyring'>,
  itemId: string,
  mayReadSealed: boolean,
): Promise<{ content: SnapshotContent | null; sha256: string | null; sealed: boolean }> {
  const snapshot = await findSnapshot(db, itemId);
  if (!snapshot) return { content: null, sha256: null, sealed: false };
  if (snapshot.content) return { content: snapshot.content, sha256: snapshot.sha256, sealed: false };
  if (!mayReadSealed || !snapshot.data_key_id || !snapshot.sealed_content)
    return { content: null, sha256: snapshot.sha256, sealed: true };
  const key = await loadDataKey(db, ctx.keyring, snapshot.data_key_id);
  const json = open(key, snapshot.sealed_content, snapshotContext(itemId)).toString('utf8');
  return { content: JSON.parse(json) as SnapshotContent, sha256: snapshot.sha256, sealed: true };
}

/** The school's moderation queue, filtered; each item with its findings and the actions its platform allows. */
export async function listModerationItems(
  ctx: Pick<ModerationContext, 'db' | 'keyring' | 'connections'>,
  actor: Actor,
  schoolId: string,
  filters: ItemFilters,
): Promise<ModerationItemView[]> {
  if (actor.kind === 'staff' && actor.schoolId !== schoolId)
    throw forbidden(
      'ModerationForbidden',
      'the moderation queue of another school cannot be reached from here',
    );
  // Moderators see the school's queue; anyone else the comments on the accounts they own (clause 2.6).
  const owned =
    canModerate(actor, schoolId) || actor.kind !== 'staff'
      ? undefined
      : await accountIdsOwnedBy(ctx.db, actor.staffId);
  if (owned?.length === 0) return [];
  let query = ctx.db
    .selectFrom('moderation_items')
    .selectAll()
    .where('school_id', '=', schoolId)
    .orderBy('received_at', 'desc')
    .orderBy('id')
    .limit(filters.limit);
  if (owned) query = query.where('account_id', 'in', owned);
  if (filters.id) query = query.where('id', '=', filters.id);
  if (filters.accountId) query = query.where('account_id', '=', filters.accountId);
  if (filters.verdict) query = query.where('verdict', '=', filters.verdict);
  if (filters.state) query = query.where('state', '=', filters.state);
  const rows = (await query.execute()).filter((r) => !filters.clause || r.clauses.includes(filters.clause));
  const labels = await accountLabels(ctx.db, schoolId);
  const mayReadSealed = canReadDisclosure(actor, schoolId);
  const views: ModerationItemView[] = [];
  const readSealed: string[] = [];
  for (const r of rows) {
    const snap = await openSnapshot(ctx.db, ctx, r.id, mayReadSealed);
    if (snap.sealed && snap.content) readSealed.push(r.id);
    // A connection that cannot be opened (failed, or not in this process) offers no platform action.
    const connector = await ctx.connections
      .open(ctx.db, { accountId: r.account_id, schoolId, platform: r.platform })
      .then((c) => c.connector)
      .catch(() => undefined);
    const text = snap.content?.text ?? null;
    views.push({
      id: r.id,
      accountId: r.account_id,
      accountLabel: labels.get(r.account_id) ?? 'account',
      platform: r.platform,
      demo: r.platform === 'demo',
      verdict: r.verdict,
      state: r.state,
      hidden: r.hidden,
      disclosure: r.disclosure,
      concernDraft: r.concern_draft,
      text,
      authorHandle: snap.content?.authorHandle ?? null,
      authorDisplayName: snap.content?.authorDisplayName ?? null,
      url: snap.content?.url ?? null,
      context: snap.content?.context.map((c) => ({ authorHandle: c.authorHandle, text: c.text })) ?? [],
      sha256: snap.sha256,
      findings: r.findings.map((f) => ({
        ...f,
        excerpt:
          text !== null && f.start !== undefined && f.end !== undefined ? text.slice(f.start, f.end) : null,
      })),
      clauses: r.clauses,
      actions: connector ? allowedActions(connector.capabilities, r) : [],
      arrivedAt: r.arrived_at.toISOString(),
      receivedAt: r.received_at.toISOString(),
      actionedAt: r.actioned_at?.toISOString() ?? null,
      escalatedAt: r.escalated_at?.toISOString() ?? null,
    });
  }
  // Reading a possible disclosure's words is a read of safeguarding content: audited, one row per item.
  if (readSealed.length > 0 && actor.kind === 'staff')
    await ctx.db.transaction().execute(async (tx) => {
      for (const id of readSealed)
        await recordAudit(tx, {
          actor,
          schoolId,
          event: {
            type: 'moderation.snapshot_viewed',
            subject: { type: 'moderation_item', id },
            data: { sealed: true },
          },
        });
    });
  return views;
}
