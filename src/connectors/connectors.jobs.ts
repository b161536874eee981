import type { CheckContextCache } from '../checks/check-context.js';
import type { Keyring } from '../platform/crypto/envelope.js';
import type { JobHandler, ScheduleDefinition } from '../platform/jobs/worker.js';
import { PhotoAnalysisCache } from '../posts/photo-analysis-cache.js';
import { checkConnectedProfiles, PROFILE_CHECK_SCHEDULE } from './check-connected-profiles.js';
import { refreshExpiringTokens } from './connect-account.js';
import type { ConnectorRegistry } from './connector-registry.js';
import { publishDuePosts } from './publish-through-connector.js';

export const TOKEN_REFRESH_QUEUE = 'connectors.token_refresh';
export const PUBLISH_DUE_QUEUE = 'connectors.publish_due';
export const PROFILE_CHECK_QUEUE = 'connectors.profile_check';

/**
 * Tokens refreshed well before they expire (every 10 minutes), scheduled posts published each minute, and
 * each connected account's profile read and checked daily (AUP link, official email, changes).
 */
export const connectorSchedules: readonly ScheduleDefinition[] = [
  { name: 'connectors.token-refresh', queue: TOKEN_REFRESH_QUEUE, spec: 'every 10m' },
  { name: 'connectors.publish-due', queue: PUBLISH_DUE_QUEUE, spec: 'every 1m' },
  { name: 'connectors.profile-check', queue: PROFILE_CHECK_QUEUE, spec: PROFILE_CHECK_SCHEDULE },
];

/** The connectors' job handlers, for the worker. */
export function connectorJobHandlers(deps: {
  keyring: Keyring;
  connectors: ConnectorRegistry;
  contexts: CheckContextCache;
  /** GUARDPOST_PUBLIC_URL, for the photo links a platform fetches photos from while publishing. */
  publicUrl: string | undefined;
}): Record<string, JobHandler> {
  return {
    [TOKEN_REFRESH_QUEUE]: async ({ db, clock, logger }) => {
      const outcome = await refreshExpiringTokens(db, { ...deps, clock });
      if (outcome.refreshed + outcome.failed > 0) logger.info(outcome, 'platform tokens refreshed');
    },
    [PROFILE_CHECK_QUEUE]: async ({ db, clock, logger }) => {
      const outcomes = await checkConnectedProfiles(db, { ...deps, clock });
      if (outcomes.length > 0)
        logger.info(
          {
            checked: outcomes.length,
            recorded: outcomes.filter((o) => o.outcome === 'recorded').length,
            failed: outcomes.filter((o) => o.outcome === 'failed').length,
          },
          'connected profiles checked',
        );
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
