import { ConnectorError, type RefreshedCredentials } from '../connectors/connector.js';
import { notify } from '../notifications/notify.js';
import { recordAudit } from '../platform/audit/audit.js';
import { notFound } from '../platform/errors.js';
import { linkTo } from '../shared/links.js';
import { staffHolding } from './moderation.repository.js';
import { smtRoles } from './moderation-actions.js';
import type { ModerationContext } from './moderation-context.js';

/**
 * Clause 2.7 on a schedule: where the platform lets us read who may message the account, record it and tell
 * the owners and SMT when students could; elsewhere record the owner's attestation, named as such.
 */
export async function checkDirectMessages(
  ctx: Pick<ModerationContext, 'db' | 'now' | 'connections'>,
  accountId: string,
): Promise<{
  source: 'platform' | 'attestation';
  setting: string | null;
  studentsCanMessage: boolean | null;
}> {
  const feed = await ctx.db
    .selectFrom('moderation_feeds')
    .selectAll()
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (!feed) throw notFound('FeedNotFound', 'this account is not connected');
  const { connector, credentials, storeRefreshed } = await ctx.connections.open(ctx.db, {
    accountId,
    schoolId: feed.school_id,
    platform: feed.platform,
  });
  let result: {
    source: 'platform' | 'attestation';
    setting: string | null;
    studentsCanMessage: boolean | null;
  };
  let refreshed: RefreshedCredentials | undefined;
  if (connector.capabilities.directMessageSettingReadable) {
    let read: Awaited<ReturnType<typeof connector.readDirectMessageSetting>>;
    try {
      read = await connector.readDirectMessageSetting(credentials);
    } catch (error) {
      // A token refreshed before the read failed is kept, or the next check would send a spent one.
      const kept = error instanceof ConnectorError ? error.refreshed : undefined;
      if (kept && storeRefreshed)
        await ctx.db.transaction().execute((tx) => storeRefreshed(tx, kept, ctx.now));
      throw error;
    }
    const setting = read.setting;
    refreshed = read.refreshed;
    // "following": only accounts the school follows; a school account follows no pupil (clause 1.1), so only "all" lets students in.
    result = { source: 'platform', setting, studentsCanMessage: setting === 'all' };
  } else {
    const account = await ctx.db
      .selectFrom('accounts')
      .select('attests_no_direct_messages')
      .where('id', '=', accountId)
      .executeTakeFirstOrThrow();
    result = {
      source: 'attestation',
      setting: null,
      studentsCanMessage: account.attests_no_direct_messages ? false : null,
    };
  }
  await ctx.db.transaction().execute(async (tx) => {
    // A token the platform refreshed during the read is sealed and kept with the result, or the next
    // check would send the old one (and Bluesky has already retired its refresh token).
    if (refreshed) await storeRefreshed?.(tx, refreshed, ctx.now);
    await tx
      .insertInto('moderation_dm_checks')
      .values({
        school_id: feed.school_id,
        account_id: accountId,
        source: result.source,
        setting: result.setting,
        students_can_message: result.studentsCanMessage,
        checked_at: ctx.now,
      })
      .execute();
    await recordAudit(tx, {
      actor: { kind: 'system', label: 'moderation-dm-check' },
      schoolId: feed.school_id,
      event: {
        type: 'moderation.direct_messages_checked',
        subject: { type: 'account', id: accountId },
        data: result,
      },
      at: ctx.now,
    });
    if (result.studentsCanMessage !== false) {
      const smt = await staffHolding(tx, feed.school_id, smtRoles);
      const owners = await tx
        .selectFrom('account_owners')
        .select('staff_id')
        .where('account_id', '=', accountId)
        .execute();
      await notify(tx, {
        schoolId: feed.school_id,
        staffIds: [...owners.map((o) => o.staff_id), ...smt.map((s) => s.id)],
        kind: 'moderation.direct_messages',
        title:
          result.source === 'platform'
            ? 'Anyone, students included, can send private messages to a school account: turn it off (clause 2.7)'
            : 'Reminder: confirm that a school account does not take private messages from students (attestation, clause 2.7)',
        link: linkTo('moderation'),
        now: ctx.now,
      });
    }
  });
  return result;
}
