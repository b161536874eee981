import type { Db } from '../platform/db/database.js';
import { enqueueJob } from '../platform/jobs/jobs.js';
import { MODERATION_SCAN_QUEUE } from './moderation.jobs.js';
import { insertFeeds, makeFeedsDueNow } from './moderation.repository.js';

/**
 * Webhook deliveries within one slot share one scan job, due at the end of the slot: a burst of comments is
 * one read per account, and a delivery that arrives just after a scan ran still has a scan coming.
 */
const SCAN_SLOT_MS = 5_000;

export interface WokenFeeds {
  /** Connected accounts the delivery named (whatever their feed's state). */
  matched: number;
  /** Whether this delivery queued the slot's scan (false: an earlier one in the slot already had). */
  scanQueued: boolean;
}

/**
 * A platform said these connected accounts have new comments: their feeds become due now and a scan is
 * queued for seconds from now, so the ingest reads them through the API (which checks each comment and
 * snapshots it) instead of at the next scheduled read. A feed the platform asked to wait (a 429) keeps its
 * wait; a failed feed stays failed. Not audited: deliveries come by the thousand and change no record, and
 * the read they cause audits what it queues. One transaction.
 */
export async function readSoonAfterWebhook(
  db: Db,
  now: Date,
  accounts: readonly { platform: string; platformAccountId: string }[],
): Promise<WokenFeeds> {
  if (accounts.length === 0) return { matched: 0, scanQueued: false };
  return db.transaction().execute(async (tx) => {
    const connected = await tx
      .selectFrom('platform_connections')
      .select(['account_id', 'school_id', 'platform'])
      .where('status', '=', 'connected')
      .where((eb) =>
        eb.or(
          accounts.map((a) =>
            eb.and([eb('platform', '=', a.platform), eb('platform_account_id', '=', a.platformAccountId)]),
          ),
        ),
      )
      .execute();
    if (connected.length === 0) return { matched: 0, scanQueued: false };
    // A connection made since the last scan has no feed yet: it starts now, as the scan would start it.
    await insertFeeds(
      tx,
      connected.map((c) => ({ accountId: c.account_id, schoolId: c.school_id, platform: c.platform })),
      now,
    );
    await makeFeedsDueNow(
      tx,
      connected.map((c) => c.account_id),
      now,
    );
    const slotEnd = new Date(Math.ceil((now.getTime() + 1) / SCAN_SLOT_MS) * SCAN_SLOT_MS);
    const jobId = await enqueueJob(tx, MODERATION_SCAN_QUEUE, now, {
      runAt: slotEnd,
      uniqueKey: `moderation.scan:webhook:${slotEnd.toISOString()}`,
    });
    return { matched: connected.length, scanQueued: jobId !== undefined };
  });
}
