import type { FastifyInstance } from 'fastify';
import { accountJobHandlers, accountSchedules } from '../accounts/accounts.jobs.js';
import { fetchPolicyFor } from '../accounts/accounts.routes.js';
import { blockListJobHandlers, blockListSchedules } from '../checks/check.jobs.js';
import { CheckContextCache } from '../checks/check-context.service.js';
import { concernJobHandlers, concernSchedules } from '../concerns/concern.jobs.js';
import { consentJobHandlers, consentSchedules } from '../consent/consent.jobs.js';
import { demoAccounts } from '../people/demo-people.js';
import { auditCheckpointDirOf, auditJobHandlers, auditSchedules } from '../platform/audit/audit.jobs.js';
import { ensureDemoAccounts } from '../platform/auth/demo-accounts.js';
import { sealPlainOidcSecrets } from '../platform/auth/oidc-secret.js';
import { backupDirOf, backupJobHandlers, backupSchedules } from '../platform/backup/backup.jobs.js';
import { systemClock } from '../platform/clock.js';
import type { Config } from '../platform/config.js';
import { loadKeyring } from '../platform/crypto/keyring.js';
import { createDb, dbOptionsFromConfig, engineOf } from '../platform/db/create-db.js';
import type { Db } from '../platform/db/database.js';
import { migrateToLatest } from '../platform/db/migrate.js';
import { startWorker } from '../platform/jobs/worker.js';
import { createLogger, type Logger } from '../platform/logger.js';
import { emailJobHandlers, emailSchedules } from '../platform/notify/email.jobs.js';
import { rateLimitJobHandlers, rateLimitSchedules } from '../platform/rate-limit/rate-limit.jobs.js';
import { acknowledgementJobHandlers, acknowledgementSchedules } from '../policy/acknowledgement.jobs.js';
import { takedownJobHandlers, takedownSchedules } from '../posts/takedown-reminders.js';
import { retentionJobHandlers, retentionSchedules } from '../retention/retention.jobs.js';
import { ensureDemoSchool } from '../schools/demo.js';
import { buildApp } from './app.js';

export interface RunningServer {
  app: FastifyInstance;
  db: Db;
  url: string;
  /** Set on the start that gave the demo accounts a generated password, so the CLI can show it once. */
  generatedDemoPassword: string | undefined;
  close(): Promise<void>;
}

/**
 * Opens the database, migrates it, seeds the demo school on an empty database, and listens. Stops
 * cleanly on SIGTERM or SIGINT: no new requests, in-flight ones finish, then the database closes.
 */
export async function startServer(
  config: Config,
  logger: Logger = createLogger(config.logLevel),
): Promise<RunningServer> {
  const db = createDb({
    ...dbOptionsFromConfig(config),
    onIdleConnectionError: (error) =>
      logger.warn({ err: error }, 'idle database connection closed by the server'),
  });
  const applied = await migrateToLatest(db);
  if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
  const keyring = loadKeyring(config, logger);
  // OpenID client secrets stored in plain text before they were encrypted are sealed and cleared here.
  const sealedSecrets = await sealPlainOidcSecrets(db, keyring, new Date());
  if (sealedSecrets > 0) logger.info({ schools: sealedSecrets }, 'sealed plain-text OpenID client secrets');
  let generatedDemoPassword: string | undefined;
  if (config.seedDemo) {
    const demo = await ensureDemoSchool(db);
    if (demo?.created) logger.info({ school: demo.school.name }, 'demo school created');
    if (demo) {
      const accounts = await ensureDemoAccounts(
        db,
        {
          schoolId: demo.school.id,
          accounts: demoAccounts,
          password: config.demoPassword,
          totpSecret: config.demoTotpSecret,
        },
        new Date(),
      );
      // Shown once, when first made: the operator needs it to sign in, and it is a demo, not a real person's.
      if (accounts.generatedPassword) {
        generatedDemoPassword = accounts.generatedPassword;
        // The log redacts passwords by design; the console line printed by `guardpost start` carries it.
        logger.warn(
          { accounts: demoAccounts.map((a) => a.email) },
          'demo accounts created with a generated password, shown once on the console (set GUARDPOST_DEMO_PASSWORD to choose one)',
        );
      }
    }
  }
  // One check context cache for the whole process: routes and jobs share the built roster index.
  const checkContexts = new CheckContextCache();
  const app = await buildApp(config, { db, dbEngine: engineOf(config), logger, checkContexts });
  if (!config.smtpUrl) logger.warn('SMTP_URL is not set: email stays queued in the outbox and is not sent');
  // Jobs run in every server process; claims never overlap, so several processes may share one database.
  const worker = await startWorker({
    db,
    clock: systemClock,
    logger,
    handlers: {
      ...emailJobHandlers(config),
      ...acknowledgementJobHandlers,
      ...consentJobHandlers,
      ...accountJobHandlers({ policy: fetchPolicyFor(config) }, checkContexts),
      ...concernJobHandlers(keyring),
      ...takedownJobHandlers,
      ...rateLimitJobHandlers,
      ...auditJobHandlers({ keyring, dir: auditCheckpointDirOf(config) }),
      ...retentionJobHandlers,
      // The embedded database is backed up in the process that holds it open (no other process may).
      ...(config.databaseUrl
        ? {}
        : backupJobHandlers({
            keyring,
            dir: backupDirOf(config),
            keep: config.backupKeep ?? 14,
            engine: 'pglite',
          })),
      ...(config.blockListsUrl ? blockListJobHandlers(config.blockListsUrl) : {}),
    },
    schedules: [
      ...emailSchedules,
      ...acknowledgementSchedules,
      ...accountSchedules,
      ...concernSchedules,
      ...consentSchedules,
      ...takedownSchedules,
      ...rateLimitSchedules,
      ...auditSchedules,
      ...retentionSchedules,
      ...(config.databaseUrl ? [] : backupSchedules(config.backupSchedule)),
      ...(config.blockListsUrl ? blockListSchedules : []),
    ],
  });
  await app.listen({ port: config.port, host: config.host });
  const url = `http://${config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host}:${config.port}`;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await app.close();
      await worker.stop();
      await db.destroy();
    })();
    return closing;
  };
  return { app, db, url, generatedDemoPassword, close };
}

/** Wires SIGTERM/SIGINT to a graceful stop; a second signal forces exit. */
export function stopOnSignals(server: RunningServer, logger: Logger): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
