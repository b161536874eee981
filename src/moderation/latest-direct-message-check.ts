import type { DirectMessageCheckView } from '../connectors/connection-checks.js';
import type { DirectMessageSetting } from '../connectors/connector.js';
import type { DbExecutor } from '../platform/db/database.js';

const settings: readonly string[] = ['all', 'following', 'none'] satisfies DirectMessageSetting[];

/**
 * The last time the daily check read an account's direct-message setting through its platform (clause 2.7),
 * for the account page; attestations are not readings and are left out. Null when there has been none.
 */
export async function latestDirectMessageCheck(
  db: DbExecutor,
  accountId: string,
): Promise<DirectMessageCheckView['lastCheck']> {
  const row = await db
    .selectFrom('moderation_dm_checks')
    .select(['setting', 'students_can_message', 'checked_at'])
    .where('account_id', '=', accountId)
    .where('source', '=', 'platform')
    .orderBy('checked_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row?.setting || !settings.includes(row.setting)) return null;
  return {
    setting: row.setting as DirectMessageSetting,
    studentsCanMessage: row.students_can_message === true,
    checkedAt: row.checked_at.toISOString(),
  };
}
