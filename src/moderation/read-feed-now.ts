import type { Db } from '../platform/db/database.js';
import { enqueueJob } from '../platform/jobs/jobs.js';
import { MODERATION_SCAN_QUEUE } from './moderation.jobs.js';
import { makeFeedsDueNow } from './moderation.repository.js';

/**
 * A platform said a new comment arrived (a streamed mention): the account's feed becomes due now and a
 * moderation scan is queued now, in one transaction, so the usual read checks and snapshots it within
 * seconds. The scan's key names the feed's last read, so a burst of mentions before the next read queues
 * one scan; once the feed has been read, the next mention queues another. A failed or missing feed is left
 * alone, and so is a feed the platform asked to wait (a 429). No audit event: nothing a person did or may
 * see changed, only when the next read happens.
 */
export async function readFeedNow(db: Db, accountId: string, now: Date): Promise<{ queued: boolean }> {
  return db.transaction().execute(async (tx) => {
    const [feed] = await makeFeedsDueNow(tx, [accountId], now);
    if (!feed) return { queued: false };
    const lastRead = feed.last_read_at ? feed.last_read_at.toISOString() : 'never';
    const jobId = await enqueueJob(tx, MODERATION_SCAN_QUEUE, now, {
      uniqueKey: `moderation.scan:streamed:${accountId}:${lastRead}`,
    });
    return { queued: jobId !== undefined };
  });
}
