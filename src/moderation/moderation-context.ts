import type { CheckContextCache } from '../checks/check-context.js';
import type { Keyring } from '../platform/crypto/envelope.js';
import type { Db } from '../platform/db/database.js';
import type { ModerationConnections } from './moderation-connections.js';

/** What every moderation use case is given: built once per process (server or worker). */
export interface ModerationContext {
  db: Db;
  keyring: Keyring;
  now: Date;
  checkContexts: CheckContextCache;
  connections: ModerationConnections;
}

export const snapshotContext = (itemId: string) => `moderation-snapshot:${itemId}`;
