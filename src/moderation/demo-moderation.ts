import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db/database.js';
import { connectFeed } from './moderation-ingest.js';

/**
 * The demo school's moderation example: its approved account is connected to the demo platform, whose
 * bundled feed of generated comments reaches the queue through the ordinary ingest (the worker's scan reads
 * the feed within a minute of start). Idempotent.
 */
export async function seedDemoModeration(db: Db, schoolId: string, clock: Clock): Promise<void> {
  const account = await db
    .selectFrom('accounts')
    .select('id')
    .where('school_id', '=', schoolId)
    .where('status', '=', 'approved')
    .orderBy('created_at')
    .executeTakeFirst();
  if (!account) return;
  await connectFeed(
    { db, now: clock.now() },
    { kind: 'system', label: 'demo-seed' },
    { schoolId, accountId: account.id, platform: 'demo' },
  );
}
