import { ownerIdsOf } from '../accounts/accounts.queries.js';
import type {
  ActionCall,
  ActionOutcome,
  CommentTarget,
  Connector,
  ConnectorCredentials,
  RefreshedCredentials,
} from '../connectors/connector.js';
import { ConnectorError } from '../connectors/connector.js';
import { notify } from '../notifications/notify.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';
import { forbidden, invalid, notFound, rateLimited, unavailable } from '../platform/errors.js';
import { enqueueEmail } from '../platform/notify/email.js';
import { linkTo, linkToModerationItem } from '../shared/links.js';
import { canModerateAccount } from './moderation.permissions.js';
import { accountOwnerIds, findItem, findSnapshot, lockItem, staffHolding } from './moderation.repository.js';
import type { ItemState, ModerationItemRow } from './moderation.table.js';
import type { ModerationContext } from './moderation-context.js';

/** What a person (or the out-of-hours cover) may do to a queued comment. */
export const moderationActions = [
  'hide',
  'unhide',
  'delete',
  'report',
  'block',
  'limit_replies',
  'dismiss',
  'confirm',
] as const;
export type ModerationActionName = (typeof moderationActions)[number];

export const smtRoles = ['smt', 'headteacher'] as const;
const MAX_REASON = 1000;

/** The actions the connector's declared capabilities allow on an item in this state. Pure. */
export function allowedActions(
  capabilities: Connector['capabilities'],
  item: Pick<ModerationItemRow, 'state' | 'hidden' | 'platform_post_id'>,
): ModerationActionName[] {
  if (item.state === 'removed_on_platform' || item.state === 'dismissed') return [];
  const out: ModerationActionName[] = [];
  if (capabilities.hide && !item.hidden) out.push('hide');
  if (capabilities.unhide && item.hidden) out.push('unhide');
  if (capabilities.delete) out.push('delete');
  if (capabilities.report) out.push('report');
  if (capabilities.block) out.push('block');
  if (capabilities.limitReplies && item.platform_post_id) out.push('limit_replies');
  if (item.state === 'hidden_pending_confirmation') out.push('confirm');
  if (item.state === 'open') out.push('dismiss');
  return out;
}

export interface ActionResult {
  itemId: string;
  action: ModerationActionName;
  outcome: 'done' | 'removed_on_platform' | 'retry_later';
  state: ItemState;
  retryAfterSeconds?: number;
}

function callPlatform(
  connector: Connector,
  credentials: ConnectorCredentials,
  action: ModerationActionName,
  target: CommentTarget,
  reason: string,
): ActionCall {
  switch (action) {
    case 'hide':
      return connector.hideComment(credentials, target);
    case 'unhide':
      return connector.unhideComment(credentials, target);
    case 'delete':
      return connector.deleteComment(credentials, target);
    case 'report':
      return connector.reportAuthor(credentials, target, reason);
    case 'block':
      return connector.blockAuthor(credentials, target);
    case 'limit_replies':
      return connector.limitReplies(credentials, target.platformPostId ?? '');
    case 'dismiss':
    case 'confirm':
      return Promise.resolve();
  }
}

function nextState(item: ModerationItemRow, action: ModerationActionName, automatic: boolean): ItemState {
  if (action === 'dismiss') return 'dismissed';
  if (action === 'hide' && automatic) return 'hidden_pending_confirmation';
  if (action === 'unhide' && item.state === 'hidden_pending_confirmation') return 'open';
  return 'actioned';
}

/** What happened to the comment, as the rest of a sentence that starts "A comment on a school account". */
const actionWords: Record<ModerationActionName, string> = {
  hide: 'was hidden',
  unhide: 'was shown again',
  delete: 'was deleted',
  report: 'was reported to the platform',
  block: 'had its author blocked',
  limit_replies: 'had replies to its post limited',
  dismiss: 'was dismissed',
  confirm: 'had its out-of-hours hide confirmed',
};

/** A failed connection: the feed stops, and the account's owners and SMT are told (in-app and by email). */
export async function recordConnectionFailure(
  tx: DbExecutor,
  now: Date,
  feed: { accountId: string; schoolId: string; platform: string },
  code: string,
): Promise<void> {
  await tx
    .updateTable('moderation_feeds')
    .set({ status: 'failed', failure: code })
    .where('account_id', '=', feed.accountId)
    .execute();
  const smt = await staffHolding(tx, feed.schoolId, smtRoles);
  await notify(tx, {
    schoolId: feed.schoolId,
    staffIds: [...(await accountOwnerIds(tx, feed.accountId)), ...smt.map((s) => s.id)],
    kind: 'moderation.connection_failed',
    title: `The connection to a ${feed.platform} account stopped working (the token was revoked or expired): reconnect it`,
    link: linkTo('moderation'),
    email: true,
    now,
  });
  await recordAudit(tx, {
    actor: { kind: 'system', label: 'moderation' },
    schoolId: feed.schoolId,
    event: {
      type: 'moderation.connection_failed',
      subject: { type: 'account', id: feed.accountId },
      data: { platform: feed.platform, code },
    },
    at: now,
  });
}

/**
 * Acts on a queued comment through its platform, then records it in one transaction: the action row, the
 * item's new state, the audit event and the report to SMT (clause 2.6: in-app and by email, with the
 * snapshot; a possible disclosure's words never go in an email). The snapshot was taken when the comment
 * was read, so it always exists before the hide or delete.
 */
export async function takeActionIn(
  ctx: ModerationContext,
  actor: Actor,
  itemId: string,
  input: { action: ModerationActionName; reason?: string | null | undefined },
): Promise<ActionResult> {
  const item = await findItem(ctx.db, itemId);
  if (!item || (actor.kind === 'staff' && actor.schoolId !== item.school_id))
    throw notFound('ModerationItemNotFound', 'no such comment in the moderation queue');
  const owners = (await ownerIdsOf(ctx.db, [item.account_id])).get(item.account_id) ?? [];
  if (!canModerateAccount(actor, item.school_id, owners))
    throw forbidden(
      'ModerationForbidden',
      'only the account’s owners, SMT, managers and safeguarding leads act on its comments',
    );
  const reason = input.reason?.trim() || null;
  if (reason && reason.length > MAX_REASON)
    throw invalid('ModerationReasonTooLong', `a reason is at most ${MAX_REASON} characters`);
  if (input.action === 'dismiss' && !reason)
    throw invalid('ModerationReasonRequired', 'say why this comment needs no action');
  const ref = { accountId: item.account_id, schoolId: item.school_id, platform: item.platform };
  const { connector, credentials, storeRefreshed } = await ctx.connections.open(ctx.db, ref);
  if (!allowedActions(connector.capabilities, item).includes(input.action))
    throw invalid(
      'ModerationActionNotAvailable',
      `“${input.action}” is not possible on this comment: ${connector.name} does not allow it, or the comment’s state does not`,
    );
  const automatic = actor.kind === 'system';
  const target: CommentTarget = {
    platformCommentId: item.platform_comment_id,
    platformPostId: item.platform_post_id,
    authorPlatformId: item.author_platform_id,
  };
  let outcome: ActionResult['outcome'] = 'done';
  let retryAfterSeconds: number | undefined;
  let refreshed: RefreshedCredentials | undefined;
  try {
    const called = await callPlatform(
      connector,
      credentials,
      input.action,
      target,
      reason ?? 'Breaks the school’s policy',
    );
    refreshed = (called as ActionOutcome | undefined)?.refreshed;
  } catch (error) {
    if (!(error instanceof ConnectorError)) throw error;
    // A token refreshed before the call failed is kept: with the outcome below, or alone before a refusal.
    refreshed = error.refreshed;
    const failing = error.code !== 'not_found' && error.code !== 'rate_limited';
    if (failing && refreshed && storeRefreshed) {
      const store = storeRefreshed;
      const kept = refreshed;
      await ctx.db.transaction().execute((tx) => store(tx, kept, ctx.now));
    }
    if (error.code === 'not_found') outcome = 'removed_on_platform';
    else if (error.code === 'rate_limited') {
      outcome = 'retry_later';
      retryAfterSeconds = Math.max(error.retryAfterSeconds ?? 60, 1);
    } else if (error.code === 'token_revoked' || error.code === 'token_expired') {
      await ctx.db.transaction().execute((tx) => recordConnectionFailure(tx, ctx.now, ref, error.code));
      throw unavailable(
        'ConnectionFailed',
        'the account’s connection stopped working; its owners and SMT were told to reconnect it',
      );
    } else if (error.code === 'not_supported')
      throw invalid('ModerationActionNotAvailable', `${connector.name} does not allow that`);
    else throw unavailable('PlatformUnavailable', `${connector.name} did not answer; try again shortly`);
  }

  const state = await ctx.db.transaction().execute(async (tx) => {
    // A token the platform refreshed during the call is sealed and kept, or the next call would fail.
    if (refreshed) await storeRefreshed?.(tx, refreshed, ctx.now);
    const locked = await lockItem(tx, itemId);
    if (!locked) throw notFound('ModerationItemNotFound', 'no such comment in the moderation queue');
    const state: ItemState =
      outcome === 'removed_on_platform'
        ? 'removed_on_platform'
        : outcome === 'retry_later'
          ? locked.state
          : nextState(locked, input.action, automatic);
    const hidden =
      outcome === 'done' && (input.action === 'hide' || input.action === 'unhide')
        ? input.action === 'hide'
        : locked.hidden;
    await tx
      .insertInto('moderation_actions')
      .values({
        item_id: itemId,
        school_id: locked.school_id,
        action: input.action,
        reason,
        outcome,
        actor_staff_id: actor.kind === 'staff' ? actor.staffId : null,
        actor_label: actor.kind === 'staff' ? actor.email : `system:${actor.label}`,
        at: ctx.now,
      })
      .execute();
    await tx
      .updateTable('moderation_items')
      .set({
        state,
        hidden,
        // The time to action counts from the first thing a person (or the cover) did that took effect.
        actioned_at: outcome === 'retry_later' ? locked.actioned_at : (locked.actioned_at ?? ctx.now),
        retry_at: retryAfterSeconds ? new Date(ctx.now.getTime() + retryAfterSeconds * 1000) : null,
      })
      .where('id', '=', itemId)
      .execute();
    await recordAudit(tx, {
      actor,
      schoolId: locked.school_id,
      event: {
        type: 'moderation.action_taken',
        subject: { type: 'moderation_item', id: itemId },
        data: { action: input.action, outcome, reason, automatic },
      },
      at: ctx.now,
    });
    if (outcome !== 'retry_later')
      await reportToSmt(tx, ctx.now, locked, input.action, outcome, actor, reason);
    return state;
  });
  if (outcome === 'retry_later' && !automatic)
    throw rateLimited(
      'PlatformRateLimited',
      `${connector.name} asked us to wait ${retryAfterSeconds} seconds before trying again`,
    );
  return {
    itemId,
    action: input.action,
    outcome,
    state,
    ...(retryAfterSeconds ? { retryAfterSeconds } : {}),
  };
}

/** Clause 2.6: every action is reported to SMT with the snapshot, in-app and by email. */
async function reportToSmt(
  tx: DbExecutor,
  now: Date,
  item: ModerationItemRow,
  action: ModerationActionName,
  outcome: string,
  actor: Actor,
  reason: string | null,
): Promise<void> {
  const smt = await staffHolding(tx, item.school_id, smtRoles);
  if (smt.length === 0) return;
  const snapshot = await findSnapshot(tx, item.id);
  const by = actor.kind === 'staff' ? actor.name : 'Guardpost (out-of-hours cover)';
  const what =
    outcome === 'removed_on_platform'
      ? 'was already removed on the platform'
      : `${actionWords[action]} by ${by}`;
  const title = `A comment on a school account ${what} (clause 2.6)`;
  // A possible disclosure's words stay sealed: SMT is told that it happened, the DSL reads it.
  const lines = snapshot?.content
    ? [
        `Comment by ${snapshot.content.authorDisplayName} (@${snapshot.content.authorHandle}), ${snapshot.content.createdAt}:`,
        snapshot.content.text,
        snapshot.content.url ? `Address: ${snapshot.content.url}` : '',
        `SHA-256 of the snapshot: ${snapshot.sha256}`,
      ]
    : ['The comment may be a child’s disclosure: its words are kept sealed for the DSL.'];
  const body = [...lines, reason ? `Reason: ${reason}` : ''].filter(Boolean).join('\n');
  await notify(tx, {
    schoolId: item.school_id,
    staffIds: smt.map((s) => s.id),
    kind: 'moderation.action_reported',
    title,
    body,
    link: linkToModerationItem(item.id),
    now,
  });
  for (const person of smt)
    await enqueueEmail(tx, {
      schoolId: item.school_id,
      to: person.email,
      subject: 'Guardpost: a comment on a school account was moderated (clause 2.6)',
      text: `${title}.\n\n${body}\n\nSee the moderation queue in Guardpost.`,
      now,
    });
}
