import type { Keyring } from '../platform/crypto/envelope.js';
import type { DbExecutor } from '../platform/db/database.js';
import { findConnectionByAccount } from './connections.repository.js';
import { saveConnection } from './save-connection.js';

/** Where the demo platform "lives": nothing is ever sent there (`.invalid` never resolves). */
export const demoBaseUrl = 'https://demo.invalid';

/**
 * Connects the demo school's account to the in-memory demo platform, as a real connection (sealed
 * placeholder token, audited), so the jobs that read connected accounts (the daily profile check) read it
 * like any other and its page shows what they found. Idempotent: an account already connected, or
 * disconnected by someone since, is left as it is.
 */
export async function connectDemoAccount(
  tx: DbExecutor,
  keyring: Keyring,
  input: { schoolId: string; accountId: string; handle: string; now: Date },
): Promise<void> {
  if (await findConnectionByAccount(tx, input.accountId)) return;
  await saveConnection(tx, keyring, {
    schoolId: input.schoolId,
    accountId: input.accountId,
    platform: 'demo',
    baseUrl: demoBaseUrl,
    platformAccountId: input.accountId,
    handle: input.handle,
    // The demo platform checks no token; one is sealed all the same so the row is like any other.
    secrets: { accessToken: 'demo' },
    actor: { kind: 'system', label: 'demo-seed' },
    now: input.now,
  });
}
