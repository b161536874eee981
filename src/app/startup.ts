import { demoAccountEmails, seedDemo } from '../demo/seed-demo.js';
import { startCommentStreamWatcher } from '../moderation/comment-stream-watcher.js';
import { sealPlainOidcSecrets } from '../platform/auth/oidc-secret.js';
import type { Config } from '../platform/config.js';
import type { Db } from '../platform/db/database.js';
import { migrateToLatest } from '../platform/db/migrate.js';
import { startWorker, type Worker } from '../platform/jobs/worker.js';
import { createLogger, type Logger } from '../platform/logger.js';
import { type AppContext, createAppContext } from './context.js';

export interface PreparedDatabase {
  /** Set on the start that gave the demo accounts a generated password, so the CLI can show it once. */
  generatedDemoPassword: string | undefined;
}

/**
 * What every long-running process does before it serves or works: migrate, and seal OpenID client secrets
 * stored in plain text by older versions; then, for a server (`demo: true`), seed the demo school on an
 * empty database when configured. A worker leaves the demo to the server, whose sign-in it is for.
 */
export async function prepareDatabase(
  ctx: AppContext,
  options: { demo: boolean } = { demo: true },
): Promise<PreparedDatabase> {
  const { db, logger, config } = ctx;
  const applied = await migrateToLatest(db);
  if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
  const sealedSecrets = await sealPlainOidcSecrets(db, ctx.keyring, ctx.clock.now());
  if (sealedSecrets > 0) logger.info({ schools: sealedSecrets }, 'sealed plain-text OpenID client secrets');
  if (!options.demo || !config.seedDemo) return { generatedDemoPassword: undefined };
  const demo = await seedDemo(db, ctx.posts, {
    password: config.demoPassword,
    totpSecret: config.demoTotpSecret,
  });
  if (demo?.created) logger.info({ school: demo.schoolName }, 'demo school created');
  // Shown once, when first made: the operator needs it to sign in, and it is a demo, not a real person's.
  if (demo?.generatedPassword) {
    // The log redacts passwords by design; the console line printed by the CLI carries it.
    logger.warn(
      { accounts: demoAccountEmails },
      'demo accounts created with a generated password, shown once on the console (set GUARDPOST_DEMO_PASSWORD to choose one)',
    );
  }
  return { generatedDemoPassword: demo?.generatedPassword };
}

/**
 * Runs every domain's jobs and schedules from the context. Claims never overlap, so any number of server
 * and worker processes may share one database. With GUARDPOST_MASTODON_STREAMING on, the comment streams
 * run beside the jobs (a streamed mention queues a scan) and stop with them; one-shot CLI commands never
 * start them.
 */
export async function startJobs(ctx: AppContext, options: { pollIntervalMs?: number } = {}): Promise<Worker> {
  const worker = await startWorker({
    db: ctx.db,
    clock: ctx.clock,
    logger: ctx.logger,
    handlers: ctx.jobs.handlers,
    schedules: ctx.jobs.schedules,
    ...options,
  });
  if (!ctx.config.mastodonStreaming) return worker;
  const streams = startCommentStreamWatcher({
    db: ctx.db,
    clock: ctx.clock,
    logger: ctx.logger,
    connectors: ctx.connectors,
    open: ctx.moderationConnections.open,
  });
  ctx.logger.info('comment streams started (GUARDPOST_MASTODON_STREAMING)');
  return {
    id: worker.id,
    async stop() {
      await streams.stop();
      await worker.stop();
    },
  };
}

export interface RunningWorker {
  db: Db;
  worker: Worker;
  close(): Promise<void>;
}

/**
 * `guardpost worker`: the jobs and schedules of every domain, and no HTTP, so a deployment can run its web
 * and its workers apart (any number of each against one PostgreSQL).
 */
export async function startWorkerProcess(
  config: Config,
  logger: Logger = createLogger(config.logLevel),
  options: { pollIntervalMs?: number } = {},
): Promise<RunningWorker> {
  const ctx = createAppContext(config, { logger });
  try {
    await prepareDatabase(ctx, { demo: false });
  } catch (error) {
    await ctx.close();
    throw error;
  }
  if (!config.smtpUrl) logger.warn('SMTP_URL is not set: email stays queued in the outbox and is not sent');
  const worker = await startJobs(ctx, options);
  logger.info({ workerId: worker.id }, 'job worker started');
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await worker.stop();
      await ctx.close();
    })();
    return closing;
  };
  return { db: ctx.db, worker, close };
}

/** Wires SIGTERM/SIGINT to a graceful stop of a server or a worker; a second signal forces exit. */
export function stopOnSignals(running: { close(): Promise<void> }, logger: Logger): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'shutting down');
    running.close().then(
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
