import {
  type CommentPage,
  type CommentTarget,
  type Connector,
  type ConnectorCredentials,
  ConnectorError,
  type PlatformComment,
  type ProfileSnapshot,
  type PublishRequest,
  type PublishResult,
} from './connector.js';
import type { ConnectorFetch } from './connector-registry.js';
import { watchMastodonMentions } from './mastodon-streaming.js';
import {
  arrayOf,
  createPlatformHttp,
  hrefsOf,
  type PlatformHttp,
  recordOf,
  stringOf,
  textFromHtml,
} from './platform-http.js';

/**
 * Mastodon, over its REST API (docs.joinmastodon.org/methods/), one instance per connection. The owner of
 * a status cannot remove other people's replies: there is no hide or delete, only report (forwarded to
 * the commenter's server), block and mute. Tokens do not expire; they are revoked at `/oauth/revoke`.
 */

export const mastodonScopes =
  'read:accounts read:notifications read:statuses write:statuses write:media write:reports write:blocks';

const mentionPageSize = 40;
/** Pages read per call; the rest waits for the next run (the cursor moves only as far as was read). */
const maxPagesPerRead = 5;

function http(fetch: ConnectorFetch, now: () => Date): PlatformHttp {
  return createPlatformHttp({
    platform: 'mastodon',
    fetch,
    now,
    unauthorized: (body) =>
      /expired/i.test(stringOf(recordOf(body).error)) ? 'token_expired' : 'token_revoked',
  });
}

function apiUrl(
  credentials: { baseUrl: string },
  path: string,
  query: Record<string, string | string[]> = {},
): URL {
  const url = new URL(path, credentials.baseUrl);
  for (const [key, value] of Object.entries(query)) {
    if (Array.isArray(value)) for (const item of value) url.searchParams.append(key, item);
    else url.searchParams.set(key, value);
  }
  return url;
}

/** Mastodon ids are numeric strings of varying length: compare them as numbers. */
function laterId(a: string | null, b: string): string {
  if (a === null) return b;
  return BigInt(b) > BigInt(a) ? b : a;
}

function commentOf(status: Record<string, unknown>, ownAccountId: string): PlatformComment {
  const account = recordOf(status.account);
  const inReplyTo = status.in_reply_to_id === null ? null : stringOf(status.in_reply_to_id) || null;
  const repliesToUs = stringOf(status.in_reply_to_account_id) === ownAccountId;
  return {
    platformCommentId: stringOf(status.id),
    platformPostId: repliesToUs ? inReplyTo : null,
    parentCommentId: repliesToUs ? null : inReplyTo,
    authorPlatformId: stringOf(account.id),
    authorHandle: `@${stringOf(account.acct)}`,
    authorDisplayName: stringOf(account.display_name) || stringOf(account.username),
    text: textFromHtml(stringOf(status.content)),
    createdAt: new Date(stringOf(status.created_at)),
    url: stringOf(status.url) || stringOf(status.uri) || null,
    context: [],
  };
}

export function createMastodonConnector(options: { fetch: ConnectorFetch; now: () => Date }): Connector {
  const api = http(options.fetch, options.now);
  const refuse = (what: string) => async (): Promise<never> => {
    throw new ConnectorError('mastodon', 'not_supported', `Mastodon does not let an account ${what}`);
  };

  async function uploadPhoto(credentials: ConnectorCredentials, photo: PublishRequest['photos'][number]) {
    const response = await api.request({
      method: 'POST',
      url: apiUrl(credentials, '/api/v2/media'),
      token: credentials.accessToken,
      multipart: {
        fields: { description: photo.altText },
        files: [
          {
            name: 'file',
            filename: photo.mimeType === 'image/png' ? 'photo.png' : 'photo.jpg',
            contentType: photo.mimeType,
            data: photo.bytes,
          },
        ],
      },
    });
    return stringOf(recordOf(response.body).id);
  }

  async function threadContext(credentials: ConnectorCredentials, statusId: string) {
    const response = await api.request({
      method: 'GET',
      url: apiUrl(credentials, `/api/v1/statuses/${encodeURIComponent(statusId)}/context`),
      token: credentials.accessToken,
    });
    return arrayOf(recordOf(response.body).ancestors)
      .slice(-2)
      .map((item) => {
        const status = recordOf(item);
        return {
          platformId: stringOf(status.id),
          authorHandle: `@${stringOf(recordOf(status.account).acct)}`,
          text: textFromHtml(stringOf(status.content)),
        };
      });
  }

  return {
    platform: 'mastodon',
    name: 'Mastodon',
    capabilities: {
      publish: true,
      publishPhotos: true,
      publishTextOnly: true,
      readComments: ['poll', 'stream'],
      hide: false,
      unhide: false,
      delete: false,
      report: true,
      block: true,
      limitReplies: false,
      directMessageSettingReadable: false,
      profileReadable: true,
      notes: [
        "An account cannot hide or delete other people's replies to its posts: report (forwarded to their server) or block instead.",
        'Who may reply cannot be limited after publishing (visibility cannot be edited; only who may quote, from 4.5).',
        'Replies are read by polling notifications; where streaming is switched on (GUARDPOST_MASTODON_STREAMING), a mention on the streaming API makes the account read within seconds instead of minutes.',
        'Private mentions arrive with the other mentions; there is no setting to refuse them.',
        'Profile fields are read with the instance’s own verification of each link (rel="me").',
      ],
    },
    auth: {
      method: 'oauth',
      defaultBaseUrl: null,
      async registerApp({ baseUrl, redirectUri }) {
        const response = await api.request({
          method: 'POST',
          url: apiUrl({ baseUrl }, '/api/v1/apps'),
          form: { client_name: 'Guardpost', redirect_uris: redirectUri, scopes: mastodonScopes },
        });
        const body = recordOf(response.body);
        return { clientId: stringOf(body.client_id), clientSecret: stringOf(body.client_secret) };
      },
      authorizeUrl({ baseUrl, redirectUri, state, app }) {
        if (!app)
          throw new ConnectorError('mastodon', 'not_supported', 'Mastodon needs the app registered first');
        return apiUrl({ baseUrl }, '/oauth/authorize', {
          response_type: 'code',
          client_id: app.clientId,
          redirect_uri: redirectUri,
          scope: mastodonScopes,
          state,
        }).href;
      },
      async exchangeCode({ baseUrl, redirectUri, code, app }) {
        if (!app)
          throw new ConnectorError('mastodon', 'not_supported', 'Mastodon needs the app registered first');
        const token = await api.request({
          method: 'POST',
          url: apiUrl({ baseUrl }, '/oauth/token'),
          form: {
            grant_type: 'authorization_code',
            code,
            client_id: app.clientId,
            client_secret: app.clientSecret,
            redirect_uri: redirectUri,
            scope: mastodonScopes,
          },
        });
        const accessToken = stringOf(recordOf(token.body).access_token);
        const me = recordOf(
          (
            await api.request({
              method: 'GET',
              url: apiUrl({ baseUrl }, '/api/v1/accounts/verify_credentials'),
              token: accessToken,
            })
          ).body,
        );
        return {
          baseUrl,
          platformAccountId: stringOf(me.id),
          handle: `@${stringOf(me.acct)}@${new URL(baseUrl).host}`,
          accessToken,
          app,
        };
      },
      async revoke(credentials) {
        if (!credentials.clientId || !credentials.clientSecret) return 'not_possible';
        await api.request({
          method: 'POST',
          url: apiUrl(credentials, '/oauth/revoke'),
          form: {
            client_id: credentials.clientId,
            client_secret: credentials.clientSecret,
            token: credentials.accessToken,
          },
        });
        return 'yes';
      },
    },

    async publish(credentials, request): Promise<PublishResult> {
      const mediaIds: string[] = [];
      for (const photo of request.photos) mediaIds.push(await uploadPhoto(credentials, photo));
      const response = await api.request({
        method: 'POST',
        url: apiUrl(credentials, '/api/v1/statuses'),
        token: credentials.accessToken,
        // Mastodon keeps an Idempotency-Key for an hour: a retried publish returns the first status.
        headers: { 'idempotency-key': request.idempotencyKey },
        json: { status: request.text, media_ids: mediaIds, visibility: 'public' },
      });
      const status = recordOf(response.body);
      return { platformPostId: stringOf(status.id), url: stringOf(status.url) || stringOf(status.uri) };
    },

    async fetchComments(credentials, cursor): Promise<CommentPage> {
      const comments: PlatformComment[] = [];
      let next = cursor;
      for (let page = 0; page < maxPagesPerRead; page++) {
        const query: Record<string, string | string[]> = {
          'types[]': ['mention'],
          limit: String(mentionPageSize),
        };
        // min_id reads forward from the cursor a page at a time; without one, the newest page only.
        if (next) query.min_id = next;
        const response = await api.request({
          method: 'GET',
          url: apiUrl(credentials, '/api/v1/notifications', query),
          token: credentials.accessToken,
        });
        const notifications = arrayOf(response.body).map(recordOf);
        for (const notification of notifications) {
          next = laterId(next, stringOf(notification.id));
          const status = recordOf(notification.status);
          if (!status.id) continue;
          const comment = commentOf(status, credentials.accountId);
          const replyTo = comment.platformPostId ?? comment.parentCommentId;
          comments.push(
            replyTo
              ? { ...comment, context: await threadContext(credentials, comment.platformCommentId) }
              : comment,
          );
        }
        if (!cursor || notifications.length < mentionPageSize) break;
      }
      comments.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
      return { comments, cursor: next };
    },

    hideComment: refuse("hide other people's replies"),
    unhideComment: refuse("hide other people's replies"),
    deleteComment: refuse("delete other people's replies"),

    async reportAuthor(credentials, target: CommentTarget, reason) {
      await api.request({
        method: 'POST',
        url: apiUrl(credentials, '/api/v1/reports'),
        token: credentials.accessToken,
        json: {
          account_id: target.authorPlatformId,
          status_ids: [target.platformCommentId],
          comment: reason.slice(0, 1000),
          forward: true,
          category: 'other',
        },
      });
    },

    async blockAuthor(credentials, target: CommentTarget) {
      await api.request({
        method: 'POST',
        url: apiUrl(credentials, `/api/v1/accounts/${encodeURIComponent(target.authorPlatformId)}/block`),
        token: credentials.accessToken,
      });
    },

    limitReplies: refuse('limit who replies after publishing'),

    async readProfile(credentials): Promise<ProfileSnapshot> {
      const response = await api.request({
        method: 'GET',
        url: apiUrl(credentials, '/api/v1/accounts/verify_credentials'),
        token: credentials.accessToken,
      });
      const me = recordOf(response.body);
      const links = arrayOf(me.fields).flatMap((item) => {
        const field = recordOf(item);
        const value = stringOf(field.value);
        const urls = hrefsOf(value);
        const url = urls[0] ?? (/^https?:\/\//.test(textFromHtml(value)) ? textFromHtml(value) : '');
        if (!url) return [];
        return [{ label: stringOf(field.name), url, verified: Boolean(field.verified_at) }];
      });
      return {
        displayName: stringOf(me.display_name) || stringOf(me.username),
        bio: textFromHtml(stringOf(me.note)),
        links,
        avatarUrl: stringOf(me.avatar) || null,
      };
    },

    readDirectMessageSetting: refuse('read a direct-message setting (Mastodon has none)'),

    watchComments: watchMastodonMentions(options.fetch),
  };
}
