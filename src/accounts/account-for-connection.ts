import type { DbExecutor } from '../platform/db/database.js';
import { findAccount, memberIdsWithRoles, ownersOf } from './accounts.repository.js';
import type { AccountStatus } from './accounts.table.js';

/** What the connectors domain needs to know of a register entry: its state and who answers for it. */
export interface AccountForConnection {
  id: string;
  schoolId: string;
  platform: string;
  handle: string | null;
  profileUrl: string | null;
  linkedEmail: string;
  status: AccountStatus;
  ownerIds: string[];
  /** The school's senior leaders (SMT and headteacher), told when a connection fails. */
  seniorLeaderIds: string[];
}

/**
 * One account of the register as the connectors see it (connecting, publishing, profile checks), so that
 * domain never reads the register's tables itself. `schoolId` undefined looks across schools (jobs).
 */
export async function accountForConnection(
  db: DbExecutor,
  schoolId: string | undefined,
  accountId: string,
): Promise<AccountForConnection | undefined> {
  const row = await findAccount(db, schoolId, accountId);
  if (!row) return undefined;
  const owners = await ownersOf(db, row.school_id, [row.id]);
  const seniorLeaderIds = await memberIdsWithRoles(db, row.school_id, ['smt', 'headteacher']);
  return {
    id: row.id,
    schoolId: row.school_id,
    platform: row.platform,
    handle: row.handle,
    profileUrl: row.profile_url,
    linkedEmail: row.linked_email,
    status: row.status,
    ownerIds: owners.map((o) => o.staffId),
    seniorLeaderIds,
  };
}
