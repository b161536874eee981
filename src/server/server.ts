import type { FastifyInstance } from 'fastify';
import { type AppContext, type AppContextOverrides, createAppContext } from '../app/context.js';
import { prepareDatabase, startJobs } from '../app/startup.js';
import type { Config } from '../platform/config.js';
import type { Db } from '../platform/db/database.js';
import { createLogger, type Logger } from '../platform/logger.js';
import { buildApp } from './app.js';

export interface RunningServer {
  app: FastifyInstance;
  /** The process's context, for tests that act beside the running server as it would. */
  context: AppContext;
  db: Db;
  url: string;
  /** Set on the start that gave the demo accounts a generated password, so the CLI can show it once. */
  generatedDemoPassword: string | undefined;
  close(): Promise<void>;
}

/**
 * `guardpost start`: builds the process's context, migrates, seeds the demo school on an empty database,
 * serves the app and runs the jobs (a `guardpost worker` process runs the jobs alone). Stops cleanly on
 * SIGTERM or SIGINT: no new requests, in-flight ones and jobs in hand finish, then the database closes.
 */
export async function startServer(
  config: Config,
  logger: Logger = createLogger(config.logLevel),
  /** Tests only: connectors answering from recordings, so a browser suite never reaches a platform. */
  overrides: Pick<AppContextOverrides, 'connectors'> = {},
): Promise<RunningServer> {
  const ctx = createAppContext(config, { ...overrides, logger });
  const { generatedDemoPassword } = await prepareDatabase(ctx);
  const app = await buildApp(ctx);
  if (!config.smtpUrl) logger.warn('SMTP_URL is not set: email stays queued in the outbox and is not sent');
  // Jobs run in every server process; claims never overlap, so several processes may share one database.
  const worker = await startJobs(ctx);
  await app.listen({ port: config.port, host: config.host });
  const url = `http://${config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host}:${config.port}`;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await app.close();
      await worker.stop();
      await ctx.close();
    })();
    return closing;
  };
  return { app, context: ctx, db: ctx.db, url, generatedDemoPassword, close };
}
