import type { Connector, ConnectorCredentials, RefreshedCredentials } from '../connectors/connector.js';
import { DemoConnector } from '../connectors/demo.js';
import {
  type ConnectionDeps,
  openConnection,
  storeRefreshedCredentials,
} from '../connectors/open-connection.js';
import type { DbExecutor } from '../platform/db/database.js';
import { unavailable } from '../platform/errors.js';

export interface OpenedFeedConnection {
  connector: Connector;
  credentials: ConnectorCredentials;
  /** Seals and stores tokens the connector refreshed during a call, in the caller's transaction. */
  storeRefreshed?: (tx: DbExecutor, refreshed: RefreshedCredentials, now: Date) => Promise<void>;
}

/** How the moderation domain reaches a connected account's platform: its connector and credentials. */
export type OpenFeedConnection = (
  tx: DbExecutor,
  feed: { accountId: string; schoolId: string; platform: string },
) => Promise<OpenedFeedConnection>;

/**
 * The real platforms, through the connections domain: the sealed tokens opened, and any token a call
 * refreshed sealed and stored again (audited as `connection.token_refreshed`).
 */
export function connectedAccountOpener(deps: ConnectionDeps): OpenFeedConnection {
  return async (tx, feed) => {
    const opened = await openConnection(tx, deps, feed.accountId);
    return {
      connector: opened.connector,
      credentials: opened.credentials,
      storeRefreshed: (inner, refreshed, now) =>
        storeRefreshedCredentials(inner, deps, { connectionId: opened.connection.id, refreshed, now }),
    };
  };
}

/**
 * The connections this process can open. The demo platform needs no credentials; the real platforms are
 * opened through the connections domain (sealed tokens) once it is merged in — until then a feed on a
 * real platform fails with a plain error rather than pretending.
 */
export function moderationConnections(
  demo: DemoConnector = new DemoConnector(),
  real?: OpenFeedConnection,
): { demo: DemoConnector; open: OpenFeedConnection } {
  return {
    demo,
    open: async (tx, feed) => {
      if (feed.platform === 'demo')
        return {
          connector: demo,
          credentials: { baseUrl: 'https://demo.invalid', accessToken: 'demo', accountId: feed.accountId },
        };
      if (real) return real(tx, feed);
      throw unavailable(
        'ConnectionUnavailable',
        `no connection to ${feed.platform} is available in this build: connect the account first`,
      );
    },
  };
}

export type ModerationConnections = ReturnType<typeof moderationConnections>;
