import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnectorRegistry } from '../connectors/connector-registry.js';
import { createMastodonConnector } from '../connectors/mastodon.connector.js';
import { buildConnection, buildConnectorSchool, buildRegisteredAccount } from '../connectors/testing.js';
import { fixedClock } from '../platform/clock.js';
import { createKeyring, generateMasterKey } from '../platform/crypto/envelope.js';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import { createLogger } from '../platform/logger.js';
import {
  type CommentStreamWatcher,
  reconnectDelay,
  startCommentStreamWatcher,
} from './comment-stream-watcher.js';
import { MODERATION_SCAN_QUEUE } from './moderation.jobs.js';
import { connectedAccountOpener } from './moderation-connections.js';
import { connectFeed } from './moderation-ingest.js';

/**
 * A real HTTP server on 127.0.0.1 speaking Mastodon's streaming API as documented
 * (docs.joinmastodon.org/methods/streaming): the instance names its streaming host in
 * `configuration.urls.streaming`, and `/api/v1/streaming/user/notification` answers server-sent events.
 * Each stream request takes the next answer from `answers`: keep the stream open, or refuse with a 401.
 */
interface StreamRequest {
  path: string;
  authorization: string | undefined;
  accept: string | undefined;
}

class FakeMastodon {
  readonly requests: StreamRequest[] = [];
  readonly open: ServerResponse[] = [];
  /** Streams the client closed. */
  closedByClient = 0;
  answers: ('stream' | 'unauthorized')[] = [];
  private server: Server | undefined;
  port = 0;

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.answer(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return `http://127.0.0.1:${this.port}`;
  }

  private answer(req: IncomingMessage, res: ServerResponse) {
    if (req.url === '/api/v2/instance') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ configuration: { urls: { streaming: `ws://127.0.0.1:${this.port}` } } }));
      return;
    }
    if (req.url?.startsWith('/api/v1/streaming')) {
      this.requests.push({
        path: req.url,
        authorization: req.headers.authorization,
        accept: req.headers.accept,
      });
      if ((this.answers.shift() ?? 'stream') === 'unauthorized') {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'The access token is invalid' }));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      res.write(':)\n');
      res.on('close', () => {
        if (!res.writableEnded) this.closedByClient++;
      });
      this.open.push(res);
      return;
    }
    res.writeHead(404).end();
  }

  /** Writes to the newest open stream. */
  send(text: string) {
    this.open.at(-1)?.write(text);
  }

  async stop() {
    for (const res of this.open) res.end();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 5_000) {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 250));

const notification = (type: string, id: string) =>
  `event: notification\ndata: ${JSON.stringify({ id, type, status: { id: `9${id}`, content: '<p>hi</p>' } })}\n\n`;

describe('the wait before a comment stream reconnects', () => {
  const backoff = { baseMs: 2_000, capMs: 300_000 };
  it('doubles with each failure in a row up to the cap', () => {
    expect([1, 2, 3, 4, 9, 30].map((n) => reconnectDelay(n, backoff, () => 1))).toEqual([
      2_000, 4_000, 8_000, 16_000, 300_000, 300_000,
    ]);
  });
  it('is jittered between half and all of it', () => {
    expect(reconnectDelay(3, backoff, () => 0)).toBe(4_000);
    expect(reconnectDelay(3, backoff, () => 0.5)).toBe(6_000);
    expect(reconnectDelay(30, backoff, () => 0)).toBe(150_000);
  });
});

for (const engine of testEngines()) {
  describe(`the Mastodon comment stream on ${engine}`, () => {
    let t: TestDb;
    let watcher: CommentStreamWatcher;
    const server = new FakeMastodon();
    const clock = fixedClock('2026-12-03T10:00:00Z');
    const keyring = createKeyring(generateMasterKey());
    let accountId = '';

    const scanJobs = () =>
      t.db
        .selectFrom('jobs')
        .select(['run_at', 'unique_key'])
        .where('queue', '=', MODERATION_SCAN_QUEUE)
        .execute();
    const feed = () =>
      t.db
        .selectFrom('moderation_feeds')
        .select(['next_read_at', 'status', 'failure'])
        .where('account_id', '=', accountId)
        .executeTakeFirstOrThrow();

    beforeAll(async () => {
      t = await createTestDb(engine);
      const baseUrl = await server.start();
      const school = await buildConnectorSchool(t.db, clock.now());
      accountId = await buildRegisteredAccount(t.db, {
        schoolId: school.schoolId,
        ownerIds: [school.owner.actor.staffId],
        platform: 'mastodon',
        handle: '@news@127.0.0.1',
      });
      await buildConnection(t.db, keyring, {
        schoolId: school.schoolId,
        accountId,
        platform: 'mastodon',
        baseUrl,
        secrets: { accessToken: 'streamed-token-3a9f' },
        now: clock.now(),
      });
      await connectFeed({ db: t.db, now: clock.now() }, school.smt.actor, {
        schoolId: school.schoolId,
        accountId,
        platform: 'mastodon',
      });
      // Read a minute ago, next read in four: a mention must make it due now.
      await t.db
        .updateTable('moderation_feeds')
        .set({
          last_read_at: new Date('2026-12-03T09:59:00Z'),
          next_read_at: new Date('2026-12-03T10:04:00Z'),
        })
        .where('account_id', '=', accountId)
        .execute();
      const connectors = createConnectorRegistry([
        createMastodonConnector({ fetch: globalThis.fetch, now: () => clock.now() }),
      ]);
      watcher = startCommentStreamWatcher({
        db: t.db,
        clock,
        logger: createLogger('silent'),
        connectors,
        open: connectedAccountOpener({ keyring, connectors }),
        refreshEveryMs: 3_600_000,
        backoff: { baseMs: 20, capMs: 80 },
      });
    });

    afterAll(async () => {
      await watcher?.stop();
      await server.stop();
      await t?.destroy();
    });

    it('opens the documented notification stream with the account’s Bearer token', async () => {
      await waitFor('the stream', () => server.open.length === 1);
      expect(server.requests).toEqual([
        {
          path: '/api/v1/streaming/user/notification',
          authorization: 'Bearer streamed-token-3a9f',
          accept: 'text/event-stream',
        },
      ]);
    });

    it('does nothing on heartbeats and notifications that are not mentions', async () => {
      server.send(':thump\n');
      server.send(notification('favourite', '101'));
      server.send(`event: update\ndata: ${JSON.stringify({ id: '5', content: 'x' })}\n\n`);
      await settle();
      expect(await scanJobs()).toEqual([]);
      expect((await feed()).next_read_at.toISOString()).toBe('2026-12-03T10:04:00.000Z');
    });

    it('makes the feed due now and queues one scan for a burst of mentions, even split across writes', async () => {
      const first = notification('mention', '102');
      server.send(first.slice(0, 17));
      server.send(first.slice(17));
      server.send(':thump\n');
      server.send(notification('mention', '103'));
      await waitFor('a scan job', async () => (await scanJobs()).length > 0);
      await settle();
      const jobs = await scanJobs();
      expect(jobs).toHaveLength(1);
      expect(jobs[0]?.run_at.toISOString()).toBe(clock.now().toISOString());
      expect(jobs[0]?.unique_key).toBe(`moderation.scan:streamed:${accountId}:2026-12-03T09:59:00.000Z`);
      expect((await feed()).next_read_at.toISOString()).toBe(clock.now().toISOString());
    });

    it('closes the stream of an account no longer connected, and opens one for an account connected, at a refresh', async () => {
      const setStatus = (status: 'connected' | 'failed') =>
        t.db
          .updateTable('platform_connections')
          .set({ status })
          .where('account_id', '=', accountId)
          .execute();
      await setStatus('failed');
      await watcher.refresh();
      await waitFor('the stream closed', () => server.closedByClient === 1);
      await setStatus('connected');
      await watcher.refresh();
      await waitFor('a new stream', () => server.open.length === 2);
      expect(server.requests).toHaveLength(2);
    });

    it('queues another scan for a mention once the feed has been read since the last one', async () => {
      const readAt = new Date('2026-12-03T10:00:30Z');
      await t.db
        .updateTable('moderation_feeds')
        .set({ last_read_at: readAt, next_read_at: new Date('2026-12-03T10:05:30Z') })
        .where('account_id', '=', accountId)
        .execute();
      server.send(notification('mention', '104'));
      await waitFor('a second scan job', async () => (await scanJobs()).length === 2);
      expect((await scanJobs()).map((j) => j.unique_key)).toContain(
        `moderation.scan:streamed:${accountId}:${readAt.toISOString()}`,
      );
    });

    it('reconnects when the instance closes the stream', async () => {
      server.answers = ['unauthorized'];
      server.open.at(-1)?.end();
      await waitFor('the reconnect', () => server.requests.length === 3);
      expect(server.requests[2]).toEqual(server.requests[0]);
    });

    it('marks the feed failed on a 401, tells the owners and SMT, and stops that stream', async () => {
      await waitFor('the failed feed', async () => (await feed()).status === 'failed');
      expect((await feed()).failure).toBe('token_revoked');
      const audit = await t.db
        .selectFrom('audit_events')
        .select('type')
        .where('type', '=', 'moderation.connection_failed')
        .execute();
      expect(audit).toHaveLength(1);
      const told = await t.db
        .selectFrom('notifications')
        .select('kind')
        .where('kind', '=', 'moderation.connection_failed')
        .execute();
      expect(told.length).toBeGreaterThan(0);
      await watcher.refresh();
      await settle();
      expect(server.requests).toHaveLength(3);
    });
  });
}
