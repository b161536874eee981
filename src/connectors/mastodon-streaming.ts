import { readServerSentEvents } from '../platform/http/server-sent-events.js';
import { type CommentWatch, type ConnectorCredentials, ConnectorError } from './connector.js';
import type { ConnectorFetch } from './connector-registry.js';
import { recordOf, stringOf } from './platform-http.js';

/**
 * Mastodon's streaming API for one account's notifications (docs.joinmastodon.org/methods/streaming):
 * `GET /api/v1/streaming/user/notification` with the account's Bearer token answers server-sent events,
 * `event: notification` with the Notification as JSON on its `data:` line, and `:thump` heartbeats. Only
 * a `mention` matters here (a reply is a mention of the account); its text is not used: the caller reads
 * the feed through the REST API, which is what is checked and snapshotted.
 */

export const mastodonNotificationStreamPath = '/api/v1/streaming/user/notification';

/**
 * Where the instance serves its streaming API: many run it on another host, named in the instance's
 * `configuration.urls.streaming` (a wss:// address; the same host answers server-sent events over https).
 * The instance's own address when it names none or cannot say.
 */
async function streamingBase(fetch: ConnectorFetch, baseUrl: string, signal: AbortSignal): Promise<string> {
  try {
    const response = await fetch(new URL('/api/v2/instance', baseUrl), {
      headers: { accept: 'application/json' },
      signal,
    });
    if (!response.ok) return baseUrl;
    const configuration = recordOf(recordOf(await response.json()).configuration);
    const streaming = stringOf(recordOf(configuration.urls).streaming);
    const match = /^(wss?|https?):\/\/[^\s/]+/.exec(streaming);
    if (!match) return baseUrl;
    return match[0].replace(/^wss:/, 'https:').replace(/^ws:/, 'http:');
  } catch (error) {
    if (signal.aborted) throw error;
    return baseUrl;
  }
}

function isMention(data: string): boolean {
  try {
    return stringOf(recordOf(JSON.parse(data)).type) === 'mention';
  } catch {
    // A line the instance garbled is not a mention; the scheduled read still catches anything missed.
    return false;
  }
}

/** The Mastodon connector's `watchComments`: see `Connector.watchComments`. */
export function watchMastodonMentions(fetch: ConnectorFetch) {
  return async (credentials: ConnectorCredentials, watch: CommentWatch): Promise<void> => {
    const base = await streamingBase(fetch, credentials.baseUrl, watch.signal);
    let response: Response;
    try {
      response = await fetch(new URL(mastodonNotificationStreamPath, base), {
        headers: { authorization: `Bearer ${credentials.accessToken}`, accept: 'text/event-stream' },
        signal: watch.signal,
      });
    } catch (error) {
      if (watch.signal.aborted || error instanceof ConnectorError) throw error;
      throw new ConnectorError('mastodon', 'platform_error', 'the streaming API could not be reached');
    }
    if (response.status === 401) {
      await response.body?.cancel();
      throw new ConnectorError('mastodon', 'token_revoked', 'the streaming API refused the token', {
        status: 401,
      });
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      const retryAfter = Number(response.headers.get('retry-after'));
      throw new ConnectorError(
        'mastodon',
        response.status === 429 ? 'rate_limited' : 'platform_error',
        `the streaming API answered ${response.status}`,
        {
          status: response.status,
          ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
        },
      );
    }
    watch.onOpen();
    try {
      await readServerSentEvents(response.body, (event) => {
        if (event.type === 'notification' && isMention(event.data)) watch.onComment();
      });
    } catch (error) {
      if (watch.signal.aborted) throw error;
      throw new ConnectorError('mastodon', 'platform_error', 'the streaming API connection broke');
    }
  };
}
