import { accountForConnection } from '../accounts/account-for-connection.js';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Keyring } from '../platform/crypto/envelope.js';
import type { DbExecutor } from '../platform/db/database.js';
import { conflict, notFound, unavailable } from '../platform/errors.js';
import { notify } from '../platform/notify/notify.js';
import { linkTo } from '../shared/links.js';
import {
  connectorCredentialsOf,
  mergeRefreshed,
  openCredentials,
  resealCredentials,
} from './connection-credentials.js';
import { findConnectionByAccount, findConnectionById, updateConnection } from './connections.repository.js';
import type { PlatformConnectionRow } from './connections.table.js';
import type { Connector, ConnectorCredentials, ConnectorError, RefreshedCredentials } from './connector.js';
import type { ConnectorRegistry } from './connector-registry.js';

/** What a use case needs to reach a platform for an account: the master keys and the connectors. */
export interface ConnectionDeps {
  keyring: Keyring;
  connectors: ConnectorRegistry;
}

export interface OpenConnection {
  connector: Connector;
  credentials: ConnectorCredentials;
  connection: PlatformConnectionRow;
}

/**
 * The account's connector with its tokens unsealed, inside the caller's transaction (the row is locked, so
 * a refresh in another process waits). Refused, with a sentence saying why, when the account has no
 * connection, it was disconnected or failed, or Guardpost has no connector for its platform.
 */
export async function openConnection(
  tx: DbExecutor,
  deps: ConnectionDeps,
  accountId: string,
): Promise<OpenConnection> {
  const connection = await findConnectionByAccount(tx, accountId, { forUpdate: true });
  if (!connection) throw notFound('ConnectionNotFound', 'this account is not connected to its platform');
  if (connection.status !== 'connected' || !connection.credentials_key_id || !connection.credentials_sealed) {
    throw conflict(
      'ConnectionNotConnected',
      connection.status === 'failed'
        ? `this account's connection failed and must be connected again: ${connection.last_error ?? 'no reason was given'}`
        : "this account's connection was disconnected; an owner or SMT must connect it again",
    );
  }
  const connector = deps.connectors.connectorFor(connection.platform);
  if (!connector)
    throw unavailable(
      'ConnectorMissing',
      `Guardpost has no connector for ${connection.platform} in this server`,
    );
  const secrets = await openCredentials(tx, deps.keyring, {
    school_id: connection.school_id,
    account_id: connection.account_id,
    credentials_key_id: connection.credentials_key_id,
    credentials_sealed: connection.credentials_sealed,
  });
  return { connector, credentials: connectorCredentialsOf(connection, secrets), connection };
}

/**
 * Seals and stores tokens a connector refreshed during a call, in the caller's transaction, with an audit
 * event. A call that returned no `refreshed` needs nothing stored: pass it anyway, this does nothing.
 */
export async function storeRefreshedCredentials(
  tx: DbExecutor,
  deps: Pick<ConnectionDeps, 'keyring'>,
  input: { connectionId: string; refreshed: RefreshedCredentials | undefined; now: Date; actor?: Actor },
): Promise<void> {
  if (!input.refreshed) return;
  const connection = await findConnectionById(tx, input.connectionId, { forUpdate: true });
  if (!connection?.credentials_key_id || !connection.credentials_sealed) return;
  const row = {
    school_id: connection.school_id,
    account_id: connection.account_id,
    credentials_key_id: connection.credentials_key_id,
  };
  const previous = await openCredentials(tx, deps.keyring, {
    ...row,
    credentials_sealed: connection.credentials_sealed,
  });
  const next = mergeRefreshed(previous, input.refreshed);
  await updateConnection(tx, connection.id, {
    credentials_sealed: await resealCredentials(tx, deps.keyring, row, next),
    token_expires_at: next.expiresAt ?? null,
    updated_at: input.now,
  });
  await recordAudit(tx, {
    actor: input.actor ?? { kind: 'system', label: 'connector-token-refresh' },
    schoolId: connection.school_id,
    at: input.now,
    event: {
      type: 'connection.token_refreshed',
      subject: { type: 'account', id: connection.account_id },
      data: { platform: connection.platform, expiresAt: next.expiresAt?.toISOString() ?? null },
    },
  });
}

/** Whether a connector's error means the connection itself is broken (and people must reconnect). */
export function breaksConnection(error: ConnectorError): boolean {
  return error.code === 'token_revoked' || error.code === 'token_expired';
}

/**
 * Marks a connection failed (a revoked token, a changed password) and tells the account's owners and SMT,
 * in the app and by email, in the caller's transaction. The tokens stay sealed until someone reconnects
 * or disconnects. Does nothing when it is already failed or disconnected, so a burst of failing calls
 * sends one alert.
 */
export async function markConnectionFailed(
  tx: DbExecutor,
  input: { connectionId: string; code: string; reason: string; now: Date; actor?: Actor },
): Promise<{ marked: boolean }> {
  const connection = await findConnectionById(tx, input.connectionId, { forUpdate: true });
  if (connection?.status !== 'connected') return { marked: false };
  const reason = input.reason.slice(0, 500);
  await updateConnection(tx, connection.id, {
    status: 'failed',
    last_error: reason,
    failed_at: input.now,
    updated_at: input.now,
  });
  await recordAudit(tx, {
    actor: input.actor ?? { kind: 'system', label: 'connector' },
    schoolId: connection.school_id,
    at: input.now,
    event: {
      type: 'connection.failed',
      subject: { type: 'account', id: connection.account_id },
      data: { platform: connection.platform, code: input.code, reason },
    },
  });
  const account = await accountForConnection(tx, connection.school_id, connection.account_id);
  if (account) {
    await notify(tx, {
      schoolId: connection.school_id,
      staffIds: [...account.ownerIds, ...account.seniorLeaderIds],
      kind: 'accounts.connection_failed',
      title: `The ${connection.handle} connection to ${connection.platform} stopped working`,
      body: `${reason} An owner or a member of SMT must connect the account again before Guardpost can publish or read its comments.`,
      link: linkTo('account', { id: connection.account_id }),
      email: {
        subject: 'A school social media account lost its connection to Guardpost',
        text:
          `The ${connection.platform} account ${connection.handle} is no longer connected to Guardpost: ${reason}\n\n` +
          'Until it is connected again, Guardpost cannot publish to it or check the comments under its posts. ' +
          'Sign in to Guardpost and open the account to connect it again.',
      },
      now: input.now,
    });
  }
  return { marked: true };
}
