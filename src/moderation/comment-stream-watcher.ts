import { listConnectedConnections } from '../connectors/connections.repository.js';
import { ConnectorError } from '../connectors/connector.js';
import type { ConnectorRegistry } from '../connectors/connector-registry.js';
import { breaksConnection } from '../connectors/open-connection.js';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db/database.js';
import { isAppError } from '../platform/errors.js';
import type { Logger } from '../platform/logger.js';
import { feedConnectedAccounts } from './feed-connected-accounts.js';
import { recordConnectionFailure } from './moderation-actions.js';
import type { OpenFeedConnection } from './moderation-connections.js';
import { readFeedNow } from './read-feed-now.js';

/**
 * Follows the live stream of every connected account whose platform has one (Mastodon's streaming API),
 * so a new mention is read within seconds instead of at the next scheduled read. The stream is only a
 * signal: a mention makes the feed due and queues a scan, and the scan reads, checks and snapshots through
 * the REST API as always (a missed event costs minutes, never a comment). Runs beside the job worker.
 *
 * Each stream reconnects after an error or a close, waiting longer each time (doubling, capped, with
 * jitter so a restarted instance is not hit by every school at once). A 401 marks the feed failed (the
 * owners and SMT are told, as when a read is refused) and that stream stops. Accounts connected or
 * disconnected are picked up at each refresh. Logs account ids and error codes, never tokens or text.
 */
export interface CommentStreamWatcher {
  /** Starts and stops streams to match the connected accounts now (also run every `refreshEveryMs`). */
  refresh(): Promise<void>;
  /** Closes every stream and waits for them. */
  stop(): Promise<void>;
}

export interface CommentStreamWatcherDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  connectors: ConnectorRegistry;
  open: OpenFeedConnection;
  refreshEveryMs?: number;
  backoff?: { baseMs: number; capMs: number };
  random?: () => number;
}

interface Stream {
  abort: AbortController;
  done: Promise<void>;
}

type FeedRef = { accountId: string; schoolId: string; platform: string };

/** How long a stream must stay open for its next reconnect to start from the shortest wait again. */
const STABLE_STREAM_MS = 60_000;

/** Wait before reconnecting after `failures` failed tries in a row: doubling, capped, 50–100 % jittered. */
export function reconnectDelay(
  failures: number,
  backoff: { baseMs: number; capMs: number },
  random: () => number,
): number {
  const ceiling = Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling * (0.5 + random() / 2));
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Starts the watcher: see `CommentStreamWatcher`. The first refresh runs at once. */
export function startCommentStreamWatcher(deps: CommentStreamWatcherDeps): CommentStreamWatcher {
  const backoff = deps.backoff ?? { baseMs: 2_000, capMs: 300_000 };
  const random = deps.random ?? Math.random;
  const streams = new Map<string, Stream>();
  const pending = new Set<Promise<unknown>>();
  const stopping = new AbortController();
  let refreshing: Promise<void> | undefined;

  const track = <T>(promise: Promise<T>): Promise<T> => {
    pending.add(promise);
    void promise.finally(() => pending.delete(promise)).catch(() => undefined);
    return promise;
  };

  const mentioned = (feed: FeedRef) => {
    track(
      readFeedNow(deps.db, feed.accountId, deps.clock.now()).catch((error: unknown) => {
        deps.logger.warn(
          { accountId: feed.accountId, code: isAppError(error) ? error.code : 'error' },
          'a streamed mention could not make its feed due; the scheduled read will find it',
        );
      }),
    );
  };

  async function follow(feed: FeedRef, signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      let openedAt: number | undefined;
      let waitSeconds = 0;
      try {
        const { connector, credentials } = await deps.open(deps.db, feed);
        if (!connector.watchComments) return;
        await connector.watchComments(credentials, {
          signal,
          onOpen: () => {
            openedAt = Date.now();
          },
          onComment: () => mentioned(feed),
        });
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof ConnectorError && breaksConnection(error)) {
          await deps.db
            .transaction()
            .execute((tx) => recordConnectionFailure(tx, deps.clock.now(), feed, error.code));
          deps.logger.warn(
            { accountId: feed.accountId, code: error.code },
            'comment stream refused: stopped',
          );
          return;
        }
        // Disconnected, or failed through another path: the next refresh drops it.
        if (
          isAppError(error) &&
          (error.code === 'ConnectionNotConnected' || error.code === 'ConnectionNotFound')
        )
          return;
        if (error instanceof ConnectorError) waitSeconds = error.retryAfterSeconds ?? 0;
        deps.logger.warn(
          {
            accountId: feed.accountId,
            code: error instanceof ConnectorError || isAppError(error) ? error.code : 'error',
          },
          'comment stream failed: reconnecting',
        );
      }
      // A stream that stayed open a while starts its backoff again; one closed at once (an instance that
      // accepts and drops) keeps backing off, so it is not reconnected to every second.
      failures = openedAt !== undefined && Date.now() - openedAt >= STABLE_STREAM_MS ? 1 : failures + 1;
      await sleep(Math.max(waitSeconds * 1000, reconnectDelay(failures, backoff, random)), signal);
    }
  }

  async function refreshNow(): Promise<void> {
    const streaming = new Set(
      deps.connectors
        .all()
        .filter((c) => c.watchComments && c.capabilities.readComments.includes('stream'))
        .map((c) => c.platform as string),
    );
    const wanted = new Map<string, FeedRef>();
    if (streaming.size > 0) {
      const now = deps.clock.now();
      // New connections get their feed here too, so a stream never waits for the next scan to make one.
      await feedConnectedAccounts(deps.db, now);
      const connected = (await listConnectedConnections(deps.db)).filter((c) => streaming.has(c.platform));
      const active = new Set(
        connected.length === 0
          ? []
          : (
              await deps.db
                .selectFrom('moderation_feeds')
                .select('account_id')
                .where('status', '=', 'active')
                .where(
                  'account_id',
                  'in',
                  connected.map((c) => c.account_id),
                )
                .execute()
            ).map((f) => f.account_id),
      );
      for (const c of connected)
        if (active.has(c.account_id))
          wanted.set(c.account_id, { accountId: c.account_id, schoolId: c.school_id, platform: c.platform });
    }
    if (stopping.signal.aborted) return;
    for (const [accountId, stream] of streams)
      if (!wanted.has(accountId)) {
        stream.abort.abort();
        streams.delete(accountId);
      }
    for (const [accountId, feed] of wanted) {
      if (streams.has(accountId)) continue;
      const abort = new AbortController();
      const done = track(
        follow(feed, abort.signal)
          .catch((error: unknown) => {
            deps.logger.error({ accountId, err: error }, 'comment stream stopped unexpectedly');
          })
          .finally(() => {
            // A stream that ended itself (a 401) is forgotten, so a reconnected account starts afresh.
            if (streams.get(accountId)?.abort === abort) streams.delete(accountId);
          }),
      );
      streams.set(accountId, { abort, done });
    }
  }

  const refresh = (): Promise<void> => {
    refreshing ??= refreshNow().finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  };

  const refreshSafely = () =>
    track(
      refresh().catch((error: unknown) => {
        deps.logger.warn({ err: error }, 'comment streams could not be refreshed; trying again later');
      }),
    );

  void refreshSafely();
  const timer = setInterval(refreshSafely, deps.refreshEveryMs ?? 60_000);
  timer.unref();

  return {
    refresh,
    async stop() {
      stopping.abort();
      clearInterval(timer);
      for (const stream of streams.values()) stream.abort.abort();
      streams.clear();
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
