import { accountJobHandlers, accountSchedules } from '../accounts/accounts.jobs.js';
import { type FetchPolicy, fetchPolicyFor } from '../accounts/safe-fetch.js';
import { blockListJobHandlers, blockListSchedules } from '../checks/check.jobs.js';
import { CheckContextCache } from '../checks/check-context.js';
import { concernJobHandlers, concernSchedules } from '../concerns/concerns.jobs.js';
import { type ConnectorRegistry, withDemoConnector } from '../connectors/connector-registry.js';
import { connectorJobHandlers, connectorSchedules } from '../connectors/connectors.jobs.js';
import { createDefaultConnectorRegistry } from '../connectors/default-connectors.js';
import { DemoConnector } from '../connectors/demo.js';
import type { ConsentDeps, ConsentLostListener } from '../consent/consent.events.js';
import { consentJobHandlers, consentSchedules } from '../consent/consent.jobs.js';
import { moderationJobHandlers, moderationSchedules } from '../moderation/moderation.jobs.js';
import {
  connectedAccountOpener,
  type ModerationConnections,
  moderationConnections,
} from '../moderation/moderation-connections.js';
import type { PeopleDeps } from '../people/mark-staff-left.js';
import { auditCheckpointDirOf, auditJobHandlers, auditSchedules } from '../platform/audit/audit.jobs.js';
import { backupDirOf, backupJobHandlers, backupSchedules } from '../platform/backup/backup.jobs.js';
import { type Clock, systemClock } from '../platform/clock.js';
import type { Config } from '../platform/config.js';
import type { Keyring } from '../platform/crypto/envelope.js';
import { loadKeyring } from '../platform/crypto/keyring.js';
import { createDb, type DbEngine, dbOptionsFromConfig, engineOf } from '../platform/db/create-db.js';
import type { Db } from '../platform/db/database.js';
import type { JobHandler, ScheduleDefinition } from '../platform/jobs/worker.js';
import { createLogger, type Logger } from '../platform/logger.js';
import { emailJobHandlers, emailSchedules } from '../platform/notify/email.jobs.js';
import { rateLimitJobHandlers, rateLimitSchedules } from '../platform/rate-limit/rate-limit.jobs.js';
import { acknowledgementJobHandlers, acknowledgementSchedules } from '../policy/acknowledgements.jobs.js';
import { openTakedownTasks } from '../posts/open-takedown-tasks.js';
import { PhotoAnalysisCache } from '../posts/photo-analysis-cache.js';
import type { PostsDeps } from '../posts/post-access.js';
import { takedownJobHandlers, takedownSchedules } from '../posts/posts.jobs.js';
import { retentionJobHandlers, retentionSchedules } from '../retention/retention.jobs.js';
import { openStaffHandover } from '../staff-use/open-staff-handover.js';
import { staffUseJobHandlers, staffUseSchedules } from '../staff-use/staff-use.jobs.js';

/**
 * Everything a Guardpost process shares, built once from the configuration by `createAppContext` and
 * handed to the server (`buildApp`), the job worker and the CLI: the database, the keyring, the clock, the
 * logger, the per-process caches, each domain's dependencies, and the job handlers and schedules. No module
 * holds state of its own: a domain that reacts to another's event is wired here (consent lost → takedown
 * tasks), so every kind of process reacts the same way. (After Bluesky Ozone's `AppContext.fromConfig`.)
 */
export interface AppContext {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly db: Db;
  readonly dbEngine: DbEngine;
  /** The master keys, loaded on first use (a command that opens nothing sealed never loads them). */
  readonly keyring: Keyring;
  /** The one check context cache of the process: roster index, block lists and consents per school. */
  readonly checkContexts: CheckContextCache;
  /** How far the AUP-link fetcher may reach (private addresses only under test). */
  readonly fetchPolicy: FetchPolicy;
  readonly consent: ConsentDeps;
  readonly posts: PostsDeps;
  /** Who reacts when a member of staff leaves: their handover opens in the same transaction. */
  readonly people: PeopleDeps;
  /** The platform connectors (Mastodon, Bluesky, Meta, YouTube), built once for the environment. */
  readonly connectors: ConnectorRegistry;
  /** How moderation reaches connected accounts: the demo platform in memory, the real ones sealed. */
  readonly moderationConnections: ModerationConnections;
  /** What the job worker runs: every domain's handlers and schedules. */
  readonly jobs: {
    readonly handlers: Readonly<Record<string, JobHandler>>;
    readonly schedules: readonly ScheduleDefinition[];
  };
  /** Closes the database when this context opened it. */
  close(): Promise<void>;
}

/** What a caller may supply instead of what the configuration would build (tests, the CLI). */
export interface AppContextOverrides {
  /** An open database (tests): the context then leaves closing it to the caller. */
  db?: Db;
  dbEngine?: DbEngine;
  logger?: Logger;
  clock?: Clock;
  /**
   * Further reactions to a lost consent, after the takedown tasks and in the same transaction (tests
   * observe the events here).
   */
  alsoOnConsentLost?: readonly ConsentLostListener[];
  /** Connectors that answer from recordings (tests) instead of the platforms. */
  connectors?: ConnectorRegistry;
  /** The moderation connections (tests feed a demo platform of their own). */
  moderationConnections?: ModerationConnections;
}

/** Builds the process's context from the configuration: see `AppContext`. Opens no network connection. */
export function createAppContext(config: Config, overrides: AppContextOverrides = {}): AppContext {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const clock = overrides.clock ?? systemClock;
  const db =
    overrides.db ??
    createDb({
      ...dbOptionsFromConfig(config),
      onIdleConnectionError: (error) =>
        logger.warn({ err: error }, 'idle database connection closed by the server'),
    });
  const ownsDb = overrides.db === undefined;
  const dbEngine = overrides.dbEngine ?? engineOf(config);

  let keyring: Keyring | undefined;
  const keys = () => {
    keyring ??= loadKeyring(config, logger);
    return keyring;
  };

  const checkContexts = new CheckContextCache();
  // One demo platform for the process: the moderation feed and the demo account's connection share it.
  const demo = overrides.moderationConnections?.demo ?? new DemoConnector();
  const connectors = withDemoConnector(overrides.connectors ?? createDefaultConnectorRegistry(config), demo);
  // Moderation reaches the demo platform in memory and the real ones through their sealed connections.
  const connections =
    overrides.moderationConnections ??
    moderationConnections(
      demo,
      connectedAccountOpener({
        get keyring() {
          return keys();
        },
        connectors,
      }),
    );
  const fetchPolicy = fetchPolicyFor(config);
  const consentLostListeners: ConsentLostListener[] = [
    // The retroactive re-check: every published post featuring the pupil becomes a takedown task.
    async (tx, event) => {
      await openTakedownTasks(tx, event, clock);
    },
    ...(overrides.alsoOnConsentLost ?? []),
  ];
  const consent: ConsentDeps = {
    onConsentLost: async (tx, event) => {
      for (const listener of consentLostListeners) await listener(tx, event);
    },
  };
  const people: PeopleDeps = {
    clock,
    onStaffLeft: async (tx, event) => {
      await openStaffHandover(tx, event);
    },
  };
  const posts: PostsDeps = {
    clock,
    contexts: checkContexts,
    photoAnalyses: new PhotoAnalysisCache(),
    get keyring() {
      return keys();
    },
  };

  // Built on first use: the CLI never runs jobs, and the handlers of sealed content load the keyring.
  let jobs: AppContext['jobs'] | undefined;
  const buildJobs = (): AppContext['jobs'] => ({
    handlers: {
      ...emailJobHandlers(config),
      ...acknowledgementJobHandlers,
      ...consentJobHandlers(consent),
      ...accountJobHandlers({ policy: fetchPolicy }, checkContexts),
      ...concernJobHandlers(keys()),
      ...connectorJobHandlers({
        keyring: keys(),
        connectors,
        contexts: checkContexts,
        publicUrl: config.publicUrl,
      }),
      ...takedownJobHandlers,
      ...staffUseJobHandlers,
      ...retentionJobHandlers,
      // The embedded database is backed up by the process that holds it open (no other process may).
      ...(config.databaseUrl
        ? {}
        : backupJobHandlers({
            keyring: keys(),
            dir: backupDirOf(config),
            keep: config.backupKeep ?? 14,
            engine: 'pglite',
          })),
      ...moderationJobHandlers({ keyring: keys(), checkContexts, connections }),
      ...rateLimitJobHandlers,
      ...auditJobHandlers({ keyring: keys(), dir: auditCheckpointDirOf(config) }),
      ...(config.blockListsUrl ? blockListJobHandlers(config.blockListsUrl) : {}),
    },
    schedules: [
      ...emailSchedules,
      ...acknowledgementSchedules,
      ...accountSchedules,
      ...concernSchedules,
      ...connectorSchedules,
      ...consentSchedules,
      ...takedownSchedules,
      ...staffUseSchedules,
      ...retentionSchedules,
      ...(config.databaseUrl ? [] : backupSchedules(config.backupSchedule)),
      ...moderationSchedules,
      ...rateLimitSchedules,
      ...auditSchedules,
      ...(config.blockListsUrl ? blockListSchedules : []),
    ],
  });

  return {
    config,
    logger,
    clock,
    db,
    dbEngine,
    get keyring() {
      return keys();
    },
    checkContexts,
    fetchPolicy,
    consent,
    posts,
    people,
    connectors,
    moderationConnections: connections,
    get jobs() {
      jobs ??= buildJobs();
      return jobs;
    },
    async close() {
      if (ownsDb) await db.destroy();
    },
  };
}
