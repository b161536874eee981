import { accountForConnection } from '../accounts/account-for-connection.js';
import { getAccount } from '../accounts/get-account.js';
import { hasRole } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db/database.js';
import { notFound } from '../platform/errors.js';
import type { StaffActor } from '../platform/http/route-access.js';
import {
  type DirectMessageCheckView,
  directMessageCheckView,
  type LatestDirectMessageCheck,
  type ProfileCheckView,
  profileCheckView,
} from './connection-checks.js';
import { findConnectionByAccount } from './connections.repository.js';
import type { ConnectorRegistry } from './connector-registry.js';

export interface ConnectionView {
  accountId: string;
  platform: string;
  connectable: boolean;
  method: 'oauth' | 'app_password' | null;
  status: 'connected' | 'failed' | 'disconnected' | 'never';
  handle: string | null;
  baseUrl: string | null;
  lastError: string | null;
  connectedAt: string | null;
  abilities: { connect: boolean; disconnect: boolean };
  /** Connected to the in-memory demo platform (the demo school), not the account's real platform. */
  demo: boolean;
  /** What the daily profile check last found (clauses 2.1, 2.8). */
  profileCheck: ProfileCheckView;
  /** The last direct-message setting read through the platform (clause 2.7). */
  directMessages: DirectMessageCheckView;
}

/** The account as its connection's use cases see it, and whether the actor may connect or disconnect it. */
export async function accountToConnect(db: Db, actor: StaffActor, accountId: string) {
  const account = await accountForConnection(db, actor.schoolId, accountId);
  if (!account) throw notFound('AccountNotFound', 'no such account on the register');
  const may = account.ownerIds.includes(actor.staffId) || hasRole(actor, 'smt', 'headteacher');
  return { account, may };
}

/** The account's connection as the account page shows it, with what the viewer may do. */
export async function getConnection(
  db: Db,
  actor: StaffActor,
  accountId: string,
  deps: {
    connectors: ConnectorRegistry;
    clock: Clock;
    directMessageChecks?: LatestDirectMessageCheck | undefined;
  },
): Promise<ConnectionView> {
  // Seen by whoever may see the account page (owners, their managers, register readers): the same refusal.
  await getAccount(db, actor, actor.schoolId, accountId);
  const { account, may } = await accountToConnect(db, actor, accountId);
  const connector = deps.connectors.connectorFor(account.platform);
  const row = await findConnectionByAccount(db, accountId);
  // The checks ran through the connection's own connector (the demo platform's, for the demo account).
  const reader = (row && deps.connectors.connectorFor(row.platform)) ?? connector;
  return {
    accountId,
    platform: account.platform,
    connectable: Boolean(connector?.auth),
    method: connector?.auth?.method ?? null,
    status: row?.status ?? 'never',
    handle: row?.handle ?? null,
    baseUrl: row?.base_url ?? null,
    lastError: row?.last_error ?? null,
    connectedAt: row?.connected_at.toISOString() ?? null,
    abilities: {
      connect: may && account.status === 'approved' && Boolean(connector?.auth),
      disconnect: may && row !== undefined && row.status !== 'disconnected',
    },
    demo: row?.platform === 'demo',
    profileCheck: await profileCheckView(db, {
      accountId,
      connector: reader,
      connection: row,
      now: deps.clock.now(),
    }),
    directMessages: await directMessageCheckView(db, {
      accountId,
      connector: reader,
      latest: deps.directMessageChecks,
    }),
  };
}
