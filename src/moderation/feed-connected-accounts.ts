import { listConnectedConnections } from '../connectors/connections.repository.js';
import type { DbExecutor } from '../platform/db/database.js';
import { insertFeeds } from './moderation.repository.js';

/**
 * Gives every connected account a comment feed, read from now on. Connecting happens in the connectors
 * domain, a floor below moderation, so the scan picks up new connections itself rather than connectors
 * reaching up; an account connected between two scans is read at the next one. A feed already there (or
 * the demo's) is left as it is, whatever its state.
 */
export async function feedConnectedAccounts(db: DbExecutor, now: Date): Promise<number> {
  const connected = await listConnectedConnections(db);
  return insertFeeds(
    db,
    connected.map((c) => ({ accountId: c.account_id, schoolId: c.school_id, platform: c.platform })),
    now,
  );
}
