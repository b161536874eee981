import type { Connector, ConnectorCredentials } from '../connectors/connector.js';
import { DemoConnector } from '../connectors/demo.js';
import type { DbExecutor } from '../platform/db/database.js';
import { unavailable } from '../platform/errors.js';

/** How the moderation domain reaches a connected account's platform: its connector and credentials. */
export type OpenFeedConnection = (
  tx: DbExecutor,
  feed: { accountId: string; schoolId: string; platform: string },
) => Promise<{ connector: Connector; credentials: ConnectorCredentials }>;

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
