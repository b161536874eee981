import { ConnectorError } from '../connectors/connector.js';
import { AppError } from '../platform/errors.js';
import { checkDirectMessages } from './check-direct-messages.js';
import type { ModerationContext } from './moderation-context.js';

/** A retry of the day's check skips accounts checked this recently (the daily run is at 07:00). */
const CHECKED_TODAY_MS = 20 * 60 * 60 * 1000;

/**
 * The daily direct-message check (clause 2.7) over every connected account: one account's failure (a 429, a
 * revoked token) is counted and the rest are still checked; the caller fails the job so it is retried, and
 * the retry checks only the accounts not yet checked today.
 */
export async function checkAllDirectMessages(
  ctx: Pick<ModerationContext, 'db' | 'now' | 'connections'>,
): Promise<{ checked: number; skipped: number; failed: { accountId: string; code: string }[] }> {
  const feeds = await ctx.db
    .selectFrom('moderation_feeds')
    .select('account_id')
    .where('status', '=', 'active')
    .orderBy('account_id')
    .execute();
  const recent = new Set(
    (
      await ctx.db
        .selectFrom('moderation_dm_checks')
        .select('account_id')
        .where('checked_at', '>', new Date(ctx.now.getTime() - CHECKED_TODAY_MS))
        .execute()
    ).map((c) => c.account_id),
  );
  let checked = 0;
  const failed: { accountId: string; code: string }[] = [];
  for (const { account_id: accountId } of feeds) {
    if (recent.has(accountId)) continue;
    try {
      await checkDirectMessages(ctx, accountId);
      checked++;
    } catch (error) {
      const code =
        error instanceof ConnectorError || error instanceof AppError ? String(error.code) : 'unexpected';
      failed.push({ accountId, code });
    }
  }
  return {
    checked,
    skipped: feeds.filter((f) => recent.has(f.account_id)).length,
    failed,
  };
}
