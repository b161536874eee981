import type { Connector, ConnectorPlatformId } from './connector.js';

/** How a connector reaches the network; tests pass a fetch bound to undici's MockAgent. */
export type ConnectorFetch = typeof fetch;

/**
 * The connectors of the process, built once in the composition root and passed to whatever needs one
 * (connecting, publishing, ingest, moderation). Tests build their own with recorded HTTP exchanges.
 */
export interface ConnectorRegistry {
  /** The platform's connector, or undefined when Guardpost has none for it (publish by hand there). */
  connectorFor(platform: string): Connector | undefined;
  /** Every connector, in table order. */
  all(): readonly Connector[];
}

/** A registry over the given connectors (one per platform; a later one replaces an earlier one). */
export function createConnectorRegistry(connectors: readonly Connector[]): ConnectorRegistry {
  const byPlatform = new Map<ConnectorPlatformId, Connector>();
  for (const connector of connectors) byPlatform.set(connector.platform, connector);
  const list = [...byPlatform.values()];
  return {
    connectorFor: (platform) => byPlatform.get(platform as ConnectorPlatformId),
    all: () => list,
  };
}

/**
 * The registry with the demo platform's connector found by `connectorFor('demo')` (the demo school's
 * connection), but left out of `all()`: the capability table lists the real platforms only.
 */
export function withDemoConnector(registry: ConnectorRegistry, demo: Connector): ConnectorRegistry {
  return {
    connectorFor: (platform) => (platform === 'demo' ? demo : registry.connectorFor(platform)),
    all: () => registry.all(),
  };
}
