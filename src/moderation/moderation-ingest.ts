import { createHash, randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import { checkText } from '../checks/engine/engine.js';
import type { CheckContext, Finding } from '../checks/engine/types.js';
import { ConnectorError, type PlatformComment } from '../connectors/connector.js';
import { notify } from '../notifications/notify.js';
import { canonicalJson, recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import { todayIn } from '../platform/calendar/dates.js';
import { SCHOOL_TIME_ZONE } from '../platform/clock.js';
import { createDataKeys } from '../platform/crypto/data-keys.js';
import { seal } from '../platform/crypto/envelope.js';
import type { DbExecutor } from '../platform/db/database.js';
import { forbidden } from '../platform/errors.js';
import { linkTo } from '../shared/links.js';
import { feedConnectedAccounts } from './feed-connected-accounts.js';
import { canModerate, disclosureReaderRoles } from './moderation.permissions.js';
import {
  addCheckedCount,
  findFeed,
  findModerationSettings,
  insertFeeds,
  staffHolding,
} from './moderation.repository.js';
import type {
  ModerationSnapshotTable,
  SnapshotContent,
  StoredModerationFinding,
} from './moderation.table.js';
import { recordConnectionFailure, takeActionIn } from './moderation-actions.js';
import { type ModerationContext, snapshotContext } from './moderation-context.js';
import { isOutOfHours } from './school-hours.js';

export const MODERATION_READ_QUEUE = 'moderation.read';

const ingestActor: Actor = { kind: 'system', label: 'moderation-ingest' };
const MAX_COMMENT_CHARS = 20_000;

/** Connects an approved account's comment feed to the queue (the demo account, or a real connection). */
export async function connectFeed(
  ctx: Pick<ModerationContext, 'db' | 'now'>,
  actor: Actor,
  input: { schoolId: string; accountId: string; platform: string },
): Promise<void> {
  if (!canModerate(actor, input.schoolId))
    throw forbidden('ModerationForbidden', 'only SMT and moderators connect a feed');
  await insertFeeds(ctx.db, [input], ctx.now);
}

export interface CheckedComment {
  comment: PlatformComment;
  verdict: 'block' | 'review' | 'pass';
  findings: Finding[];
  disclosure: boolean;
}

/** The engine's verdict on one comment: every text and link rule, plus the disclosure rule. Pure. */
export function checkComment(comment: PlatformComment, context: CheckContext): CheckedComment {
  const text = comment.text.slice(0, MAX_COMMENT_CHARS);
  const result = checkText(text, context, { disclosure: true });
  return {
    comment,
    verdict: result.verdict,
    findings: result.findings,
    disclosure: result.findings.some((f) => f.rule === 'safeguarding.disclosure'),
  };
}

function snapshotOf(platform: string, c: PlatformComment): SnapshotContent {
  return {
    text: c.text.slice(0, MAX_COMMENT_CHARS),
    authorHandle: c.authorHandle,
    authorDisplayName: c.authorDisplayName,
    authorPlatformId: c.authorPlatformId,
    createdAt: c.createdAt.toISOString(),
    platform,
    platformCommentId: c.platformCommentId,
    platformPostId: c.platformPostId,
    parentCommentId: c.parentCommentId,
    url: c.url,
    context: c.context.map((x) => ({ ...x })),
  };
}

const stored = (f: Finding): StoredModerationFinding => ({
  rule: f.rule,
  clause: f.clause,
  severity: f.severity,
  message: f.message,
  ...(f.start !== undefined && f.end !== undefined ? { start: f.start, end: f.end } : {}),
});

/**
 * Queues a page of checked comments with their snapshots, inside the caller's transaction: one insert of
 * the items, one of the snapshots, one audit event for the page (each item's id and snapshot hash in it).
 * Idempotent: a comment seen twice (same account, same platform id) is one item and is not returned again.
 * Blocked comments are escalated by the SLA scan (moderation.jobs.ts) when nobody acts in time.
 */
export async function queueComments(
  tx: DbExecutor,
  ctx: Pick<ModerationContext, 'keyring' | 'now'>,
  feed: { accountId: string; schoolId: string; platform: string },
  page: readonly CheckedComment[],
): Promise<{ id: string; checked: CheckedComment }[]> {
  if (page.length === 0) return [];
  const byCommentId = new Map(page.map((c) => [c.comment.platformCommentId, c]));
  const inserted = await tx
    .insertInto('moderation_items')
    .values(
      [...byCommentId.values()].map((checked) => ({
        id: randomUUID(),
        school_id: feed.schoolId,
        account_id: feed.accountId,
        platform: feed.platform,
        platform_comment_id: checked.comment.platformCommentId,
        platform_post_id: checked.comment.platformPostId,
        author_platform_id: checked.comment.authorPlatformId,
        verdict: checked.verdict,
        findings: JSON.stringify(checked.findings.map(stored)),
        clauses: JSON.stringify([...new Set(checked.findings.map((f) => f.clause))].sort()),
        disclosure: checked.disclosure,
        concern_draft: checked.disclosure ? ('draft' as const) : null,
        concern_id: null,
        state: 'open' as const,
        arrived_at: checked.comment.createdAt,
        received_at: ctx.now,
        actioned_at: null,
        escalated_at: null,
        retry_at: null,
      })),
    )
    .onConflict((oc) => oc.columns(['account_id', 'platform_comment_id']).doNothing())
    .returning(['id', 'platform_comment_id'])
    .execute();
  if (inserted.length === 0) return [];
  const queued = inserted.map((r) => ({
    id: r.id,
    checked: byCommentId.get(r.platform_comment_id) as CheckedComment,
  }));
  // The snapshot is taken now, before anyone (or the out-of-hours cover) acts on the comment.
  const snapshots: Insertable<ModerationSnapshotTable>[] = [];
  // One data key per sealed snapshot (so each can be shredded alone), all made in one insert.
  const keys = await createDataKeys(tx, ctx.keyring, {
    schoolId: feed.schoolId,
    now: ctx.now,
    count: queued.filter((q) => q.checked.disclosure).length,
  });
  for (const { id, checked } of queued) {
    const json = canonicalJson(snapshotOf(feed.platform, checked.comment));
    const sha256 = createHash('sha256').update(json).digest('hex');
    if (checked.disclosure) {
      const key = keys.pop();
      if (!key) throw new Error('a data key for each sealed snapshot');
      snapshots.push({
        item_id: id,
        school_id: feed.schoolId,
        taken_at: ctx.now,
        sha256,
        content: null,
        data_key_id: key.id,
        sealed_content: seal(key.key, json, snapshotContext(id)),
      });
    } else
      snapshots.push({
        item_id: id,
        school_id: feed.schoolId,
        taken_at: ctx.now,
        sha256,
        content: json,
        data_key_id: null,
        sealed_content: null,
      });
  }
  await tx.insertInto('moderation_snapshots').values(snapshots).execute();
  await recordAudit(tx, {
    actor: ingestActor,
    schoolId: feed.schoolId,
    event: {
      type: 'moderation.comments_queued',
      subject: { type: 'account', id: feed.accountId },
      data: {
        items: queued.map(({ id, checked }, i) => ({
          id,
          verdict: checked.verdict,
          rules: [...new Set(checked.findings.map((f) => f.rule))],
          disclosure: checked.disclosure,
          sha256: snapshots[i]?.sha256 ?? '',
        })),
      },
    },
    at: ctx.now,
  });
  const disclosures = queued.filter((q) => q.checked.disclosure).length;
  if (disclosures > 0) {
    // A draft concern for the DSL: never hidden by Guardpost, never put in an email.
    const dsls = await staffHolding(tx, feed.schoolId, disclosureReaderRoles);
    await notify(tx, {
      schoolId: feed.schoolId,
      staffIds: dsls.map((s) => s.id),
      kind: 'moderation.disclosure',
      title:
        disclosures === 1
          ? 'A comment on a school account may be a child disclosing harm: a draft concern awaits you'
          : `${disclosures} comments on a school account may be children disclosing harm: draft concerns await you`,
      link: linkTo('moderation'),
      email: true,
      now: ctx.now,
    });
  }
  return queued;
}

export interface ReadResult {
  checked: number;
  queued: number;
  hidden: number;
  outcome: 'read' | 'not_due' | 'rate_limited' | 'failed' | 'no_feed';
}

/**
 * Reads one account's new comments since its cursor, checks each, queues those that need a person and
 * moves the cursor, all in one transaction; then, out of hours and where the school allows it, hides the
 * blocked ones at once (each queued for a person to confirm or undo). A 429 waits for its Retry-After; a
 * revoked token marks the feed failed and tells the owners and SMT.
 */
export async function readFeed(ctx: ModerationContext, accountId: string): Promise<ReadResult> {
  const feed = await findFeed(ctx.db, accountId);
  if (!feed) return { checked: 0, queued: 0, hidden: 0, outcome: 'no_feed' };
  if (feed.status === 'failed') return { checked: 0, queued: 0, hidden: 0, outcome: 'failed' };
  const ref = { accountId, schoolId: feed.school_id, platform: feed.platform };
  const settings = await findModerationSettings(ctx.db, feed.school_id);
  const { connector, credentials, storeRefreshed } = await ctx.connections.open(ctx.db, ref);
  let page: Awaited<ReturnType<typeof connector.fetchComments>>;
  try {
    page = await connector.fetchComments(credentials, feed.cursor);
  } catch (error) {
    if (!(error instanceof ConnectorError)) throw error;
    // A token refreshed before the read failed is kept with what the failure changes (or alone).
    const keepRefreshed = async (tx: DbExecutor) => {
      if (error.refreshed) await storeRefreshed?.(tx, error.refreshed, ctx.now);
    };
    if (error.code === 'rate_limited') {
      const wait = Math.max(error.retryAfterSeconds ?? 60, 1);
      const until = new Date(ctx.now.getTime() + wait * 1000);
      await ctx.db.transaction().execute(async (tx) => {
        await keepRefreshed(tx);
        await tx
          .updateTable('moderation_feeds')
          .set({ next_read_at: until, rate_limited_until: until })
          .where('account_id', '=', accountId)
          .execute();
      });
      return { checked: 0, queued: 0, hidden: 0, outcome: 'rate_limited' };
    }
    if (error.code === 'token_revoked' || error.code === 'token_expired') {
      await ctx.db.transaction().execute((tx) => recordConnectionFailure(tx, ctx.now, ref, error.code));
      return { checked: 0, queued: 0, hidden: 0, outcome: 'failed' };
    }
    if (error.refreshed) await ctx.db.transaction().execute(keepRefreshed);
    throw error;
  }
  const context = await ctx.checkContexts.load(ctx.db, feed.school_id, todayIn(SCHOOL_TIME_ZONE, ctx.now));
  const checked = page.comments.map((c) => checkComment(c, context));
  const toHide: string[] = [];
  const queued = await ctx.db.transaction().execute(async (tx) => {
    // A token the platform refreshed during the read is sealed and kept, or the next read would fail.
    if (page.refreshed) await storeRefreshed?.(tx, page.refreshed, ctx.now);
    const queued = await queueComments(
      tx,
      ctx,
      ref,
      checked.filter((c) => c.verdict !== 'pass' || c.disclosure),
    );
    const cover =
      settings.outOfHoursHide &&
      connector.capabilities.hide &&
      connector.capabilities.unhide &&
      isOutOfHours(ctx.now);
    if (cover)
      for (const q of queued) if (q.checked.verdict === 'block' && !q.checked.disclosure) toHide.push(q.id);
    await addCheckedCount(tx, feed.school_id, todayIn(SCHOOL_TIME_ZONE, ctx.now), page.comments.length);
    await tx
      .updateTable('moderation_feeds')
      .set({
        cursor: page.cursor ?? feed.cursor,
        last_read_at: ctx.now,
        next_read_at: new Date(ctx.now.getTime() + settings.readEveryMinutes * 60_000),
      })
      .where('account_id', '=', accountId)
      .execute();
    return queued.length;
  });
  let hidden = 0;
  for (const itemId of toHide) {
    const result = await takeActionIn(ctx, { kind: 'system', label: 'out-of-hours-cover' }, itemId, {
      action: 'hide',
      reason: 'Hidden out of hours by Guardpost (school setting); a person confirms or undoes it.',
    });
    if (result.outcome === 'done') hidden++;
  }
  return { checked: page.comments.length, queued, hidden, outcome: 'read' };
}

/** The scheduled scan: reads every feed that is due. */
export async function readDueFeeds(ctx: ModerationContext): Promise<ReadResult[]> {
  await feedConnectedAccounts(ctx.db, ctx.now);
  const due = await ctx.db
    .selectFrom('moderation_feeds')
    .select('account_id')
    .where('status', '=', 'active')
    .where('next_read_at', '<=', ctx.now)
    .execute();
  const results: ReadResult[] = [];
  for (const f of due) results.push(await readFeed(ctx, f.account_id));
  return results;
}
