import { connectDemoAccount } from '../connectors/connect-demo-account.js';
import type { Clock } from '../platform/clock.js';
import type { Keyring } from '../platform/crypto/envelope.js';
import type { Db } from '../platform/db/database.js';
import { connectFeed } from './moderation-ingest.js';

/**
 * The demo school's moderation example: its approved account is connected to the demo platform, whose
 * bundled feed of generated comments reaches the queue through the ordinary ingest (the worker's scan reads
 * the feed within a minute of start). With the master keys at hand, the account is also a connection like
 * any other, so the daily profile check reads it too. Idempotent.
 */
export async function seedDemoModeration(
  db: Db,
  schoolId: string,
  deps: { clock: Clock; keyring?: Keyring | undefined },
): Promise<void> {
  const { clock } = deps;
  const account = await db
    .selectFrom('accounts')
    .select(['id', 'handle'])
    .where('school_id', '=', schoolId)
    .where('status', '=', 'approved')
    .orderBy('created_at')
    .executeTakeFirst();
  if (!account) return;
  const keyring = deps.keyring;
  if (keyring)
    await db.transaction().execute((tx) =>
      connectDemoAccount(tx, keyring, {
        schoolId,
        accountId: account.id,
        handle: account.handle ?? 'demo account',
        now: clock.now(),
      }),
    );
  await connectFeed(
    { db, now: clock.now() },
    { kind: 'system', label: 'demo-seed' },
    { schoolId, accountId: account.id, platform: 'demo' },
  );
}
