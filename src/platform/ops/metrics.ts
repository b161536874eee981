import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { sameSecret } from '../crypto/same-secret.js';
import type { Db } from '../db/database.js';
import { unauthenticated } from '../errors.js';
import { publicAccess } from '../http/route-access.js';

/**
 * Prometheus metrics. Labels are only ever values the code chose (route patterns, queue names, method,
 * status class, platform), never anything from a URL, query or body: ids and email addresses in paths
 * would otherwise become label values kept for months in the metrics store.
 */

// Connectors report from wherever they run (the job worker, a publish or connect request); one counter shared
// by every registry.
const connectorErrors = new Counter({
  name: 'guardpost_connector_errors_total',
  help: 'Errors talking to a social media platform (refused, rate limited, unreachable, expired tokens), by platform.',
  labelNames: ['platform'],
  registers: [],
});

/** Counts one failed call to a platform's API; `platform` is the connector's own fixed name. */
export function countConnectorError(platform: string): void {
  connectorErrors.labels(platform).inc();
}

// Webhook deliveries arrive at whichever server process Meta reaches; counted like connector errors.
const webhookDeliveries = new Counter({
  name: 'guardpost_webhook_deliveries_total',
  help: 'Webhook deliveries from a platform, by source and outcome (read: an account was made due; unmatched: no connected account; refused: bad signature).',
  labelNames: ['source', 'outcome'],
  registers: [],
});

/** Counts one webhook delivery; both labels are fixed names chosen by the code, never from the request. */
export function countWebhookDelivery(source: 'meta', outcome: 'read' | 'unmatched' | 'refused'): void {
  webhookDeliveries.labels(source, outcome).inc();
}

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

interface QueueSnapshot {
  queue: string;
  queued: number;
  lagSeconds: number;
  dead: number;
}

interface Snapshot {
  queues: QueueSnapshot[];
  emails: { sent: number; queued: number; failing: number };
}

async function readSnapshot(db: Db, now: Date): Promise<Snapshot> {
  const [jobRows, emailRows] = await Promise.all([
    db
      .selectFrom('jobs')
      .select((eb) => [
        'queue',
        'status',
        eb.fn.countAll<string | number>().as('n'),
        eb.fn.min('run_at').as('oldest'),
      ])
      .where('status', 'in', ['queued', 'dead'])
      .groupBy(['queue', 'status'])
      .execute(),
    db
      .selectFrom('email_outbox')
      .select((eb) => [
        'status',
        eb(eb.ref('last_error'), 'is not', null).as('failing'),
        eb.fn.countAll<string | number>().as('n'),
      ])
      .groupBy(['status', 'failing'])
      .execute(),
  ]);
  const queues = new Map<string, QueueSnapshot>();
  for (const row of jobRows) {
    const entry = queues.get(row.queue) ?? { queue: row.queue, queued: 0, lagSeconds: 0, dead: 0 };
    if (row.status === 'dead') entry.dead = Number(row.n);
    else {
      entry.queued = Number(row.n);
      const oldest = row.oldest ? new Date(row.oldest).getTime() : now.getTime();
      entry.lagSeconds = Math.max(0, (now.getTime() - oldest) / 1000);
    }
    queues.set(row.queue, entry);
  }
  const emails = { sent: 0, queued: 0, failing: 0 };
  for (const row of emailRows) {
    if (row.status === 'sent') emails.sent += Number(row.n);
    else if (row.failing) emails.failing += Number(row.n);
    else emails.queued += Number(row.n);
  }
  return { queues: [...queues.values()], emails };
}

export interface MetricsOptions {
  db: Db;
  now: () => Date;
  /** Bearer token a scraper must send; the route does not exist without one. */
  token: string;
}

/** One registry per app, so several apps in one process (tests) never share or double-register series. */
export function createMetricsRegistry(options: Omit<MetricsOptions, 'token'>) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'guardpost_' });
  registry.registerMetric(connectorErrors);
  registry.registerMetric(webhookDeliveries);

  const requestDuration = new Histogram({
    name: 'guardpost_http_request_duration_seconds',
    help: 'HTTP request latency by method, route pattern (never the raw URL) and status class.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const checks = new Counter({
    name: 'guardpost_checks_total',
    help: 'Policy checks answered by POST /api/checks; rate() gives checks per second.',
    registers: [registry],
  });

  // The database is read once per scrape, however many gauges need it: `refresh` starts the read and
  // every collect() of that scrape awaits the same one.
  let current: Promise<Snapshot> | undefined;
  const refresh = (): void => {
    current = readSnapshot(options.db, options.now());
  };
  const snapshot = (): Promise<Snapshot> => {
    if (!current) refresh();
    return current as Promise<Snapshot>;
  };
  new Gauge({
    name: 'guardpost_jobs_queued',
    help: 'Jobs waiting to run (due or scheduled), by queue.',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const q of (await snapshot()).queues) this.labels(q.queue).set(q.queued);
    },
  });
  new Gauge({
    name: 'guardpost_jobs_lag_seconds',
    help: 'Age of the oldest due job, by queue: how far the worker is behind.',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const q of (await snapshot()).queues) this.labels(q.queue).set(q.lagSeconds);
    },
  });
  new Gauge({
    name: 'guardpost_jobs_dead',
    help: 'Jobs that failed every attempt and will not be retried, by queue.',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const q of (await snapshot()).queues) this.labels(q.queue).set(q.dead);
    },
  });
  new Gauge({
    name: 'guardpost_emails',
    help: 'Emails in the outbox by state: sent, queued (not tried or not yet failed), failing (last attempt failed).',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const { emails } = await snapshot();
      this.labels('sent').set(emails.sent);
      this.labels('queued').set(emails.queued);
      this.labels('failing').set(emails.failing);
    },
  });

  // Children are cached per label set so a request costs one map lookup and one observe.
  const children = new Map<string, ReturnType<typeof requestDuration.labels>>();
  function observeRequest(request: FastifyRequest, reply: FastifyReply): void {
    const route = request.routeOptions.url ?? 'unmatched';
    const method = KNOWN_METHODS.has(request.method) ? request.method : 'OTHER';
    const status = `${Math.floor(reply.statusCode / 100)}xx`;
    const key = `${method} ${route} ${status}`;
    let child = children.get(key);
    if (!child) {
      child = requestDuration.labels(method, route, status);
      children.set(key, child);
    }
    child.observe(reply.elapsedTime / 1000);
    if (route === '/api/checks' && method === 'POST' && reply.statusCode === 200) checks.inc();
  }

  /** The exposition text, from a fresh read of the job and email tables. */
  async function scrape(): Promise<string> {
    refresh();
    return registry.metrics();
  }

  return { registry, observeRequest, scrape };
}

function tokenMatches(header: string | undefined, token: string): boolean {
  if (!header?.startsWith('Bearer ')) return false;
  return sameSecret(header.slice('Bearer '.length), token);
}

/** `GET /metrics` behind a bearer token, and the request hook that feeds it. */
export const metricsPlugin = fp(async (app: FastifyInstance, options: MetricsOptions) => {
  const { registry, observeRequest, scrape } = createMetricsRegistry(options);
  app.addHook('onResponse', (request, reply, done) => {
    observeRequest(request, reply);
    done();
  });
  app.get(
    '/metrics',
    { config: { access: publicAccess }, schema: { hide: true } },
    async (request: FastifyRequest, reply: FastifyReply) => {
      if (!tokenMatches(request.headers.authorization, options.token))
        throw unauthenticated(
          'MetricsTokenRequired',
          'send the metrics token as Authorization: Bearer <token>',
        );
      return reply.type(registry.contentType).send(await scrape());
    },
  );
});
