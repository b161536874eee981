import { listConnectedConnections } from '../connectors/connections.repository.js';
import type { DbExecutor } from '../platform/db/database.js';

/**
 * Gives every connected account a comment feed, read from now on. Connecting happens in the connectors
 * domain, a floor below moderation, so the scan picks up new connections itself rather than connectors
 * reaching up; an account connected between two scans is read at the next one. A feed already there (or
 * the demo's) is left as it is, whatever its state.
 */
export async function feedConnectedAccounts(db: DbExecutor, now: Date): Promise<number> {
  const connected = await listConnectedConnections(db);
  if (connected.length === 0) return 0;
  const added = await db
    .insertInto('moderation_feeds')
    .values(
      connected.map((c) => ({
        account_id: c.account_id,
        school_id: c.school_id,
        platform: c.platform,
        cursor: null,
        failure: null,
        next_read_at: now,
        last_read_at: null,
        created_at: now,
      })),
    )
    .onConflict((oc) => oc.column('account_id').doNothing())
    .returning('account_id')
    .execute();
  return added.length;
}
