import type { Config } from '../platform/config.js';
import { ConnectorError, type ConnectorPlatformId } from './connector.js';
import {
  type ConnectorFetch,
  type ConnectorRegistry,
  createConnectorRegistry,
} from './connector-registry.js';

/**
 * A fetch that never reaches the network, for tests and any process told to stay offline: every call
 * fails with `offline` and a sentence that says so, so nothing ever looks like the platform's own answer.
 */
export function offlineFetch(platform: ConnectorPlatformId): ConnectorFetch {
  return async (input) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    throw new ConnectorError(
      platform,
      'offline',
      `Guardpost is running offline (tests or the demo) and does not reach ${new URL(url).host}`,
    );
  };
}

/**
 * The process's connectors, built once by the composition root. `fetch` reaches the platforms; in the
 * test environment it is offline unless a test passes its own (undici MockAgent) fetch.
 */
export function createDefaultConnectorRegistry(
  config: Pick<Config, 'env'>,
  options: { fetch?: ConnectorFetch } = {},
): ConnectorRegistry {
  const fetchFor = (platform: ConnectorPlatformId): ConnectorFetch =>
    options.fetch ?? (config.env === 'test' ? offlineFetch(platform) : globalThis.fetch);
  void fetchFor;
  return createConnectorRegistry([]);
}
