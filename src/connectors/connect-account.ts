import { createHash, randomBytes } from 'node:crypto';
import { recordAudit } from '../platform/audit/audit.js';
import type { Clock } from '../platform/clock.js';
import { createDataKey, loadDataKey } from '../platform/crypto/data-keys.js';
import { open, seal } from '../platform/crypto/envelope.js';
import type { Db } from '../platform/db/database.js';
import { AppError, conflict, forbidden, invalid, unavailable } from '../platform/errors.js';
import type { StaffActor } from '../platform/http/route-access.js';
import type { ConnectionOutcome } from '../shared/links.js';
import type { LatestDirectMessageCheck } from './connection-checks.js';
import { connectorCredentialsOf, openCredentials } from './connection-credentials.js';
import {
  findConnectionByAccount,
  listConnectedConnections,
  updateConnection,
} from './connections.repository.js';
import { type ConnectedAccount, ConnectorError } from './connector.js';
import { accountToConnect, type ConnectionView, getConnection } from './get-connection.js';
import {
  breaksConnection,
  type ConnectionDeps,
  markConnectionFailed,
  storeRefreshedCredentials,
} from './open-connection.js';
import { saveConnection } from './save-connection.js';

/**
 * Connecting a sanctioned account to its platform and disconnecting it (issue 13, clause 2.2): only an
 * approved account, only by its owners or SMT, every step audited, tokens sealed, revoked at the platform
 * on disconnect where its API allows.
 */

export interface ConnectDeps extends ConnectionDeps {
  clock: Clock;
  /** Where the platform sends the person back: `<public URL>/api/connections/callback`. */
  callbackUrl: string | undefined;
  /** The last direct-message check (moderation's, handed in by the composition root); none: not shown. */
  directMessageChecks?: LatestDirectMessageCheck | undefined;
}

const stateMinutes = 15;
const hashState = (state: string) => createHash('sha256').update(state).digest('hex');
const appContext = (schoolId: string, stateHash: string) => `connection-oauth:${schoolId}:${stateHash}:app`;

function requireConnectable(account: { status: string }, may: boolean) {
  if (!may)
    throw forbidden('ConnectionForbidden', 'only the account’s owners or SMT connect or disconnect it');
  if (account.status !== 'approved')
    throw conflict('AccountNotApproved', 'only an approved account can be connected (clause 2.2)');
}

function baseUrlOf(input: string | undefined, fallback: string | null): string {
  const raw = input?.trim() || fallback;
  if (!raw)
    throw invalid('BaseUrlRequired', 'say which server the account is on, e.g. https://mastodon.social');
  let url: URL;
  try {
    url = new URL(raw.includes('://') ? raw : `https://${raw}`);
  } catch {
    throw invalid('BaseUrlInvalid', 'the server must be a web address, e.g. https://mastodon.social');
  }
  if (url.protocol !== 'https:') throw invalid('BaseUrlInvalid', 'the server must be reached over https');
  return url.origin;
}

function connectorFailure(error: unknown): never {
  if (error instanceof ConnectorError)
    throw unavailable(error.code === 'offline' ? 'ConnectorOffline' : 'ConnectionFailed', error.message);
  throw error;
}

/** Starts OAuth: registers a per-server app where needed and returns the platform's page to open. */
export async function startConnection(
  db: Db,
  actor: StaffActor,
  input: { accountId: string; baseUrl?: string | undefined },
  deps: ConnectDeps,
): Promise<{ authorizeUrl: string }> {
  const { account, may } = await accountToConnect(db, actor, input.accountId);
  requireConnectable(account, may);
  const auth = deps.connectors.connectorFor(account.platform)?.auth;
  if (auth?.method !== 'oauth' || !auth.authorizeUrl)
    throw conflict(
      'OauthNotUsed',
      auth
        ? 'this platform is connected with an app password'
        : 'Guardpost has no connector for this platform',
    );
  if (!deps.callbackUrl)
    throw unavailable(
      'PublicUrlMissing',
      'connecting accounts needs GUARDPOST_PUBLIC_URL, the address the platform sends people back to',
    );
  const baseUrl = baseUrlOf(input.baseUrl, auth.defaultBaseUrl);
  const now = deps.clock.now();
  let app: { clientId: string; clientSecret: string } | undefined;
  try {
    if (auth.registerApp) app = await auth.registerApp({ baseUrl, redirectUri: deps.callbackUrl });
  } catch (error) {
    connectorFailure(error);
  }
  const state = randomBytes(24).toString('base64url');
  const stateHash = hashState(state);
  let authorizeUrl = '';
  try {
    authorizeUrl = auth.authorizeUrl({
      baseUrl,
      redirectUri: deps.callbackUrl,
      state,
      ...(app ? { app } : {}),
    });
  } catch (error) {
    connectorFailure(error);
  }
  await db.transaction().execute(async (tx) => {
    let sealed: { app_key_id: string | null; app_sealed: Buffer | null } = {
      app_key_id: null,
      app_sealed: null,
    };
    if (app) {
      const key = await createDataKey(tx, deps.keyring, { schoolId: account.schoolId, now });
      sealed = {
        app_key_id: key.id,
        app_sealed: seal(key.key, JSON.stringify(app), appContext(account.schoolId, stateHash)),
      };
    }
    await tx
      .insertInto('connection_oauth_states')
      .values({
        state_hash: stateHash,
        school_id: account.schoolId,
        account_id: account.id,
        staff_id: actor.staffId,
        platform: account.platform,
        base_url: baseUrl,
        redirect_uri: deps.callbackUrl ?? '',
        ...sealed,
        created_at: now,
        expires_at: new Date(now.getTime() + stateMinutes * 60_000),
      })
      .execute();
    await recordAudit(tx, {
      actor,
      schoolId: account.schoolId,
      at: now,
      event: {
        type: 'connection.started',
        subject: { type: 'account', id: account.id },
        data: { platform: account.platform, baseUrl, method: 'oauth' },
      },
    });
  });
  return { authorizeUrl };
}

async function storeConnected(
  db: Db,
  actor: StaffActor,
  accountId: string,
  platform: string,
  connected: ConnectedAccount,
  deps: ConnectDeps,
) {
  await db.transaction().execute(async (tx) => {
    // Checked again inside the transaction: the account may have been suspended meanwhile.
    const { account, may } = await accountToConnect(tx, actor, accountId);
    requireConnectable(account, may);
    await saveConnection(tx, deps.keyring, {
      schoolId: account.schoolId,
      accountId,
      platform,
      baseUrl: connected.baseUrl,
      platformAccountId: connected.platformAccountId,
      handle: connected.handle,
      secrets: {
        accessToken: connected.accessToken,
        refreshToken: connected.refreshToken,
        expiresAt: connected.expiresAt,
        clientId: connected.app?.clientId,
        clientSecret: connected.app?.clientSecret,
      },
      actor,
      now: deps.clock.now(),
    });
  });
}

/** The platform sent the person back: the state is checked (once, unexpired, theirs) and the code exchanged. */
export async function completeConnection(
  db: Db,
  actor: StaffActor,
  input: { state: string; code?: string | undefined; error?: string | undefined },
  deps: ConnectDeps,
): Promise<{ accountId: string }> {
  const now = deps.clock.now();
  const stateHash = hashState(input.state);
  const pending = await db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('connection_oauth_states')
      .selectAll()
      .where('state_hash', '=', stateHash)
      .forUpdate()
      .executeTakeFirst();
    if (
      !row ||
      row.used_at ||
      row.expires_at <= now ||
      row.staff_id !== actor.staffId ||
      row.school_id !== actor.schoolId
    )
      throw invalid(
        'ConnectionStateInvalid',
        'this connection link has expired or was not started by you: start again from the account page',
      );
    await tx
      .updateTable('connection_oauth_states')
      .set({ used_at: now })
      .where('state_hash', '=', stateHash)
      .execute();
    const app =
      row.app_key_id && row.app_sealed
        ? (JSON.parse(
            open(
              await loadDataKey(tx, deps.keyring, row.app_key_id),
              row.app_sealed,
              appContext(row.school_id, stateHash),
            ).toString('utf8'),
          ) as {
            clientId: string;
            clientSecret: string;
          })
        : undefined;
    return { row, app };
  });
  if (input.error || !input.code)
    throw conflict(
      'ConnectionRefused',
      `the platform did not connect the account (${(input.error ?? 'no code came back').slice(0, 100)})`,
    );
  const { account } = await accountToConnect(db, actor, pending.row.account_id);
  const exchange = deps.connectors.connectorFor(pending.row.platform)?.auth?.exchangeCode;
  if (!exchange) throw conflict('OauthNotUsed', 'Guardpost has no OAuth connector for this platform');
  let connected: ConnectedAccount;
  try {
    connected = await exchange({
      baseUrl: pending.row.base_url,
      redirectUri: pending.row.redirect_uri,
      code: input.code,
      expectedHandle: account.handle,
      ...(pending.app ? { app: pending.app } : {}),
    });
  } catch (error) {
    connectorFailure(error);
  }
  await storeConnected(db, actor, pending.row.account_id, pending.row.platform, connected, deps);
  return { accountId: pending.row.account_id };
}

const outcomeOfCode: Record<string, ConnectionOutcome> = {
  ConnectionRefused: 'refused',
  ConnectionFailed: 'failed',
  ConnectorOffline: 'offline',
  ConnectionForbidden: 'not_allowed',
  AccountNotApproved: 'not_allowed',
  ConnectionStateInvalid: 'expired',
};

/**
 * The OAuth callback: completes the connection and says what came of it, so the person lands back on the
 * account page with a plain message instead of an error page. The account is known from the state the
 * person started (theirs, in their school) even when the exchange failed; a state never issued has none.
 */
export async function finishConnectionFromCallback(
  db: Db,
  actor: StaffActor,
  input: { state: string; code?: string | undefined; error?: string | undefined },
  deps: ConnectDeps,
): Promise<{ accountId: string | null; outcome: ConnectionOutcome }> {
  try {
    const { accountId } = await completeConnection(db, actor, input, deps);
    return { accountId, outcome: 'connected' };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const started = await db
      .selectFrom('connection_oauth_states')
      .select('account_id')
      .where('state_hash', '=', hashState(input.state))
      .where('school_id', '=', actor.schoolId)
      .where('staff_id', '=', actor.staffId)
      .executeTakeFirst();
    return { accountId: started?.account_id ?? null, outcome: outcomeOfCode[error.code] ?? 'failed' };
  }
}

/** Connects with an app password (Bluesky): exchanged for a session at once, never stored. */
export async function connectWithAppPassword(
  db: Db,
  actor: StaffActor,
  input: { accountId: string; identifier: string; password: string; baseUrl?: string | undefined },
  deps: ConnectDeps,
): Promise<ConnectionView> {
  const { account, may } = await accountToConnect(db, actor, input.accountId);
  requireConnectable(account, may);
  const auth = deps.connectors.connectorFor(account.platform)?.auth;
  if (auth?.method !== 'app_password' || !auth.signIn)
    throw conflict('AppPasswordNotUsed', 'this platform is connected through its own sign-in page');
  const baseUrl = baseUrlOf(input.baseUrl, auth.defaultBaseUrl);
  await db.transaction().execute((tx) =>
    recordAudit(tx, {
      actor,
      schoolId: account.schoolId,
      at: deps.clock.now(),
      event: {
        type: 'connection.started',
        subject: { type: 'account', id: account.id },
        data: { platform: account.platform, baseUrl, method: 'app_password' },
      },
    }),
  );
  let connected: ConnectedAccount;
  try {
    connected = await auth.signIn({
      baseUrl,
      identifier: input.identifier.trim().replace(/^@/, ''),
      password: input.password,
    });
  } catch (error) {
    connectorFailure(error);
  }
  await storeConnected(db, actor, account.id, account.platform, connected, deps);
  return getConnection(db, actor, account.id, deps);
}

/**
 * Disconnects: revokes at the platform where its API allows (a failure there is said, not hidden), then
 * forgets the tokens (their data key is deleted) and keeps the row as disconnected.
 */
export async function disconnectAccount(
  db: Db,
  actor: StaffActor,
  input: { accountId: string; reason: string },
  deps: ConnectDeps,
): Promise<ConnectionView & { revokedAtPlatform: 'yes' | 'no' | 'not_possible' }> {
  const { may } = await accountToConnect(db, actor, input.accountId);
  if (!may)
    throw forbidden('ConnectionForbidden', 'only the account’s owners or SMT connect or disconnect it');
  const row = await findConnectionByAccount(db, input.accountId);
  if (!row || row.status === 'disconnected') throw conflict('NotConnected', 'this account is not connected');
  let revoked: 'yes' | 'no' | 'not_possible' = 'not_possible';
  const auth = deps.connectors.connectorFor(row.platform)?.auth;
  if (auth && row.credentials_key_id && row.credentials_sealed) {
    const secrets = await openCredentials(db, deps.keyring, {
      ...row,
      credentials_key_id: row.credentials_key_id,
      credentials_sealed: row.credentials_sealed,
    });
    try {
      revoked = await auth.revoke(connectorCredentialsOf(row, secrets));
    } catch {
      revoked = 'no';
    }
  }
  const now = deps.clock.now();
  await db.transaction().execute(async (tx) => {
    const locked = await findConnectionByAccount(tx, input.accountId, { forUpdate: true });
    if (!locked) return;
    await updateConnection(tx, locked.id, {
      status: 'disconnected',
      credentials_key_id: null,
      credentials_sealed: null,
      token_expires_at: null,
      disconnected_at: now,
      updated_at: now,
    });
    if (locked.credentials_key_id)
      await tx.deleteFrom('data_keys').where('id', '=', locked.credentials_key_id).execute();
    await recordAudit(tx, {
      actor,
      schoolId: locked.school_id,
      at: now,
      event: {
        type: 'connection.disconnected',
        subject: { type: 'account', id: input.accountId },
        data: { platform: locked.platform, revokedAtPlatform: revoked, reason: input.reason.slice(0, 500) },
      },
    });
  });
  return { ...(await getConnection(db, actor, input.accountId, deps)), revokedAtPlatform: revoked };
}

/**
 * The scheduled refresh: every connected token expiring within the margin is refreshed and resealed; a
 * refresh the platform refuses marks the connection failed and tells the owners and SMT.
 */
export async function refreshExpiringTokens(
  db: Db,
  deps: ConnectionDeps & { clock: Clock },
  marginMinutes = 20,
): Promise<{ refreshed: number; failed: number }> {
  const now = deps.clock.now();
  const due = await listConnectedConnections(db, {
    expiringBefore: new Date(now.getTime() + marginMinutes * 60_000),
  });
  let refreshed = 0;
  let failed = 0;
  for (const row of due) {
    const auth = deps.connectors.connectorFor(row.platform)?.auth;
    if (!auth?.refresh || !row.credentials_key_id || !row.credentials_sealed) continue;
    const secrets = await openCredentials(db, deps.keyring, {
      ...row,
      credentials_key_id: row.credentials_key_id,
      credentials_sealed: row.credentials_sealed,
    });
    try {
      const next = await auth.refresh(connectorCredentialsOf(row, secrets));
      await db
        .transaction()
        .execute((tx) => storeRefreshedCredentials(tx, deps, { connectionId: row.id, refreshed: next, now }));
      refreshed++;
    } catch (error) {
      if (error instanceof ConnectorError && (breaksConnection(error) || error.code === 'rejected')) {
        await db
          .transaction()
          .execute((tx) =>
            markConnectionFailed(tx, { connectionId: row.id, code: error.code, reason: error.message, now }),
          );
        failed++;
      }
    }
  }
  return { refreshed, failed };
}
