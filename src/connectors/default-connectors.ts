import type { Config } from '../platform/config.js';
import { createBlueskyConnector } from './bluesky.connector.js';
import { ConnectorError, type ConnectorPlatformId } from './connector.js';
import {
  type ConnectorFetch,
  type ConnectorRegistry,
  createConnectorRegistry,
} from './connector-registry.js';
import { createFacebookConnector } from './facebook.connector.js';
import { createInstagramConnector } from './instagram.connector.js';
import { createMastodonConnector } from './mastodon.connector.js';
import { createYoutubeConnector } from './youtube.connector.js';

/**
 * A fetch that never reaches the network, for tests and demos: every call fails with `offline` and a
 * sentence that says so, so nothing ever looks like the platform's own answer.
 */
export function offlineFetch(platform: ConnectorPlatformId): ConnectorFetch {
  return async (input) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    throw new ConnectorError(
      platform,
      'offline',
      `Guardpost is running offline (tests or a demo: GUARDPOST_CONNECTORS_OFFLINE) and does not reach ${new URL(url).host}`,
    );
  };
}

/** Whether this process's connectors stay off the network. */
export function connectorsAreOffline(config: Pick<Config, 'env' | 'connectorsOffline'>): boolean {
  return config.connectorsOffline ?? config.env === 'test';
}

/**
 * The process's connectors, built once by the composition root. Offline (tests, unless a test passes its
 * own recorded fetch; or GUARDPOST_CONNECTORS_OFFLINE) every call fails saying so.
 */
export function createDefaultConnectorRegistry(
  config: Pick<Config, 'env' | 'connectorsOffline' | 'metaApp' | 'googleApp'>,
  options: { fetch?: ConnectorFetch; now?: () => Date } = {},
): ConnectorRegistry {
  const offline = connectorsAreOffline(config) && !options.fetch;
  const fetchFor = (platform: ConnectorPlatformId): ConnectorFetch =>
    options.fetch ?? (offline ? offlineFetch(platform) : globalThis.fetch);
  const now = options.now ?? (() => new Date());
  return createConnectorRegistry([
    createMastodonConnector({ fetch: fetchFor('mastodon'), now }),
    createBlueskyConnector({ fetch: fetchFor('bluesky'), now }),
    createFacebookConnector({
      fetch: fetchFor('facebook'),
      now,
      ...(config.metaApp ? { app: config.metaApp } : {}),
    }),
    createInstagramConnector({
      fetch: fetchFor('instagram'),
      now,
      ...(config.metaApp ? { app: config.metaApp } : {}),
    }),
    createYoutubeConnector({
      fetch: fetchFor('youtube'),
      now,
      ...(config.googleApp ? { app: config.googleApp } : {}),
    }),
  ]);
}
