import type { CheckContextCache } from '../checks/check-context.service.js';
import type { Keyring } from '../platform/crypto/envelope.js';
import type { JobHandler, ScheduleDefinition } from '../platform/jobs/worker.js';
import { PhotoAnalysisCache } from '../posts/photo-analysis-cache.js';
import { refreshExpiringTokens } from './connect-account.js';
import type { ConnectorRegistry } from './connector-registry.js';
import { publishDuePosts } from './publish-through-connector.js';

export const TOKEN_REFRESH_QUEUE = 'connectors.token_refresh';
export const PUBLISH_DUE_QUEUE = 'connectors.publish_due';

/** Tokens refreshed well before they expire (every 10 minutes), scheduled posts published each minute. */
export const connectorSchedules: readonly ScheduleDefinition[] = [
  { name: 'connectors.token-refresh', queue: TOKEN_REFRESH_QUEUE, spec: 'every 10m' },
  { name: 'connectors.publish-due', queue: PUBLISH_DUE_QUEUE, spec: 'every 1m' },
];

/** The connectors' job handlers, for the worker. */
export function connectorJobHandlers(deps: {
  keyring: Keyring;
  connectors: ConnectorRegistry;
  contexts: CheckContextCache;
}): Record<string, JobHandler> {
  return {
    [TOKEN_REFRESH_QUEUE]: async ({ db, clock, logger }) => {
      const outcome = await refreshExpiringTokens(db, { ...deps, clock });
      if (outcome.refreshed + outcome.failed > 0) logger.info(outcome, 'platform tokens refreshed');
    },
    [PUBLISH_DUE_QUEUE]: async ({ db, clock, logger }) => {
      const outcome = await publishDuePosts(db, {
        ...deps,
        clock,
        posts: {
          clock,
          contexts: deps.contexts,
          photoAnalyses: new PhotoAnalysisCache(),
          keyring: deps.keyring,
        },
      });
      if (outcome.published + outcome.failed > 0) logger.info(outcome, 'scheduled posts published');
    },
  };
}
