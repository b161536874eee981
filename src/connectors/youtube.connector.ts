import {
  type CommentPage,
  type CommentTarget,
  type Connector,
  type ConnectorCredentials,
  ConnectorError,
  type OAuthApp,
  type PlatformComment,
  type RefreshedCredentials,
} from './connector.js';
import type { ConnectorFetch } from './connector-registry.js';
import { arrayOf, createPlatformHttp, recordOf, stringOf } from './platform-http.js';

/**
 * YouTube, over the Data API v3 (fetch). A channel owner moderates comments on their videos with
 * `comments.setModerationStatus`: held for review hides, published restores, rejected removes, and
 * rejected with `banAuthor` also bans. Uploading videos and community posts are out of scope; spam reports
 * (`markAsSpam`) are no longer honoured. Access tokens last an hour and are refreshed with the refresh token.
 */

export const youtubeApiOrigin = 'https://www.googleapis.com';
export const googleTokenUrl = 'https://oauth2.googleapis.com/token';
export const googleRevokeUrl = 'https://oauth2.googleapis.com/revoke';
export const youtubeScope = 'https://www.googleapis.com/auth/youtube.force-ssl';
const refreshMarginMs = 60_000;
const maxPagesPerRead = 5;

export function createYoutubeConnector(options: {
  fetch: ConnectorFetch;
  now: () => Date;
  app?: OAuthApp;
}): Connector {
  const api = createPlatformHttp({
    platform: 'youtube',
    fetch: options.fetch,
    now: options.now,
    unauthorized: () => 'token_expired',
    classify: (status, body) => {
      const error = recordOf(recordOf(body).error);
      const reasons = arrayOf(error.errors).map((e) => stringOf(recordOf(e).reason));
      if (
        status === 403 &&
        reasons.some((r) => ['quotaExceeded', 'rateLimitExceeded', 'userRateLimitExceeded'].includes(r))
      )
        return { code: 'rate_limited' };
      // The token endpoint: the refresh token was revoked or the person removed the app.
      if (stringOf(recordOf(body).error) === 'invalid_grant') return { code: 'token_revoked' };
      return undefined;
    },
  });

  function appOf(credentials?: ConnectorCredentials): OAuthApp {
    const app =
      credentials?.clientId && credentials.clientSecret
        ? { clientId: credentials.clientId, clientSecret: credentials.clientSecret }
        : options.app;
    if (!app)
      throw new ConnectorError(
        'youtube',
        'not_supported',
        'connecting YouTube needs a Google OAuth client: set GUARDPOST_GOOGLE_CLIENT_ID and GUARDPOST_GOOGLE_CLIENT_SECRET',
      );
    return app;
  }

  async function refresh(credentials: ConnectorCredentials): Promise<RefreshedCredentials> {
    if (!credentials.refreshToken)
      throw new ConnectorError(
        'youtube',
        'token_expired',
        'the YouTube access token expired and there is no refresh token',
      );
    const app = appOf(credentials);
    const response = await api.request({
      method: 'POST',
      url: googleTokenUrl,
      form: {
        client_id: app.clientId,
        client_secret: app.clientSecret,
        refresh_token: credentials.refreshToken,
        grant_type: 'refresh_token',
      },
    });
    const body = recordOf(response.body);
    return {
      accessToken: stringOf(body.access_token),
      refreshToken: stringOf(body.refresh_token) || credentials.refreshToken,
      expiresAt: new Date(options.now().getTime() + Number(body.expires_in ?? 3600) * 1000),
    };
  }

  /** Runs a call with a token that works: refreshed first when about to expire, and once more on a 401. */
  async function withToken<T>(
    credentials: ConnectorCredentials,
    call: (token: string) => Promise<T>,
  ): Promise<{ value: T; refreshed?: RefreshedCredentials }> {
    let refreshed: RefreshedCredentials | undefined;
    // A token refreshed before the call failed goes back with the failure, for the caller to store.
    const failing = (error: unknown) => {
      if (error instanceof ConnectorError && refreshed) error.refreshed = refreshed;
      return error;
    };
    if (credentials.expiresAt && credentials.expiresAt.getTime() - refreshMarginMs <= options.now().getTime())
      refreshed = await refresh(credentials);
    try {
      const value = await call(refreshed?.accessToken ?? credentials.accessToken);
      return refreshed ? { value, refreshed } : { value };
    } catch (error) {
      if (
        !(error instanceof ConnectorError) ||
        error.code !== 'token_expired' ||
        refreshed ||
        !credentials.refreshToken
      )
        throw failing(error);
      refreshed = await refresh(credentials);
      const token = refreshed.accessToken;
      try {
        return { value: await call(token), refreshed };
      } catch (retryError) {
        throw failing(retryError);
      }
    }
  }

  function url(path: string, query: Record<string, string>): URL {
    const result = new URL(`/youtube/v3/${path}`, youtubeApiOrigin);
    for (const [key, value] of Object.entries(query)) result.searchParams.set(key, value);
    return result;
  }

  async function moderate(
    credentials: ConnectorCredentials,
    target: CommentTarget,
    status: string,
    banAuthor = false,
  ) {
    // A token refreshed on the way goes back to the caller to seal and store.
    const { refreshed } = await withToken(credentials, (token) =>
      api.request({
        method: 'POST',
        url: url('comments/setModerationStatus', {
          id: target.platformCommentId,
          moderationStatus: status,
          ...(banAuthor ? { banAuthor: 'true' } : {}),
        }),
        token,
      }),
    );
    return refreshed ? { refreshed } : {};
  }

  function commentOf(item: Record<string, unknown>, videoId: string, parent: string | null): PlatformComment {
    const snippet = recordOf(item.snippet);
    const id = stringOf(item.id);
    return {
      platformCommentId: id,
      platformPostId: videoId || null,
      parentCommentId: parent,
      authorPlatformId: stringOf(recordOf(snippet.authorChannelId).value),
      authorHandle: stringOf(snippet.authorDisplayName),
      authorDisplayName: stringOf(snippet.authorDisplayName),
      text: stringOf(snippet.textOriginal),
      createdAt: new Date(stringOf(snippet.publishedAt)),
      url: videoId ? `https://www.youtube.com/watch?v=${videoId}&lc=${id}` : null,
      context: [],
    };
  }

  const refuse = (message: string) => async (): Promise<never> => {
    throw new ConnectorError('youtube', 'not_supported', message);
  };

  return {
    platform: 'youtube',
    name: 'YouTube',
    capabilities: {
      publish: false,
      publishPhotos: false,
      publishTextOnly: false,
      readComments: ['poll'],
      hide: true,
      unhide: true,
      delete: true,
      report: false,
      block: true,
      limitReplies: false,
      directMessageSettingReadable: false,
      profileReadable: true,
      notes: [
        'Publishing is out of scope: uploads are videos, and community posts have no API.',
        'Hiding holds a comment for review; deleting rejects it; blocking rejects it and bans its author from the channel.',
        'Spam reports (comments.markAsSpam) are no longer honoured by YouTube, so there is no report.',
        'The channel’s links are not in the Data API: the AUP link is looked for in the channel description.',
        'Every call spends the channel’s daily quota; a spent quota reads as a rate limit until midnight Pacific time.',
      ],
    },
    auth: {
      method: 'oauth',
      defaultBaseUrl: youtubeApiOrigin,
      authorizeUrl(input) {
        const app = input.app ?? appOf();
        const authorize = new URL('https://accounts.google.com/o/oauth2/v2/auth');
        for (const [key, value] of Object.entries({
          client_id: app.clientId,
          redirect_uri: input.redirectUri,
          response_type: 'code',
          scope: youtubeScope,
          access_type: 'offline',
          prompt: 'consent',
          include_granted_scopes: 'true',
          state: input.state,
        }))
          authorize.searchParams.set(key, value);
        return authorize.href;
      },
      async exchangeCode(input) {
        const app = input.app ?? appOf();
        const token = recordOf(
          (
            await api.request({
              method: 'POST',
              url: googleTokenUrl,
              form: {
                code: input.code,
                client_id: app.clientId,
                client_secret: app.clientSecret,
                redirect_uri: input.redirectUri,
                grant_type: 'authorization_code',
              },
            })
          ).body,
        );
        const accessToken = stringOf(token.access_token);
        const channels = await api.request({
          method: 'GET',
          url: url('channels', { part: 'snippet', mine: 'true' }),
          token: accessToken,
        });
        const channel = recordOf(arrayOf(recordOf(channels.body).items)[0]);
        if (!channel.id)
          throw new ConnectorError(
            'youtube',
            'rejected',
            'the Google account that signed in has no YouTube channel',
          );
        const snippet = recordOf(channel.snippet);
        return {
          baseUrl: youtubeApiOrigin,
          platformAccountId: stringOf(channel.id),
          handle: stringOf(snippet.customUrl) || stringOf(snippet.title),
          accessToken,
          refreshToken: stringOf(token.refresh_token),
          expiresAt: new Date(options.now().getTime() + Number(token.expires_in ?? 3600) * 1000),
        };
      },
      refresh,
      async revoke(credentials) {
        await api.request({
          method: 'POST',
          url: googleRevokeUrl,
          form: { token: credentials.refreshToken ?? credentials.accessToken },
        });
        return 'yes';
      },
    },

    publish: refuse(
      'Guardpost does not publish to YouTube: uploads are videos and community posts have no API',
    ),

    async fetchComments(credentials, cursor): Promise<CommentPage> {
      const since = cursor ? Date.parse(cursor) : options.now().getTime() - 24 * 3600 * 1000;
      const { value, refreshed } = await withToken(credentials, async (token) => {
        const found: PlatformComment[] = [];
        let pageToken = '';
        for (let page = 0; page < maxPagesPerRead; page++) {
          const response = await api.request({
            method: 'GET',
            url: url('commentThreads', {
              part: 'snippet,replies',
              allThreadsRelatedToChannelId: credentials.accountId,
              order: 'time',
              maxResults: '100',
              ...(pageToken ? { pageToken } : {}),
            }),
            token,
          });
          const body = recordOf(response.body);
          let reachedSeen = false;
          for (const thread of arrayOf(body.items).map(recordOf)) {
            const threadSnippet = recordOf(thread.snippet);
            const videoId = stringOf(threadSnippet.videoId);
            const top = recordOf(threadSnippet.topLevelComment);
            const topComment = commentOf(top, videoId, null);
            const replies = arrayOf(recordOf(thread.replies).comments)
              .map((r) => commentOf(recordOf(r), videoId, topComment.platformCommentId))
              .filter((c) => c.createdAt.getTime() > since);
            if (topComment.createdAt.getTime() > since) found.push(topComment);
            else if (replies.length === 0) reachedSeen = true;
            found.push(...replies);
            if (reachedSeen) break;
          }
          pageToken = stringOf(body.nextPageToken);
          if (reachedSeen || !pageToken) break;
        }
        return found;
      });
      value.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
      return {
        comments: value,
        cursor: value.at(-1)?.createdAt.toISOString() ?? cursor,
        ...(refreshed ? { refreshed } : {}),
      };
    },

    hideComment: (credentials, target) => moderate(credentials, target, 'heldForReview'),
    unhideComment: (credentials, target) => moderate(credentials, target, 'published'),
    deleteComment: (credentials, target) => moderate(credentials, target, 'rejected'),
    reportAuthor: refuse('YouTube no longer honours spam reports through its API'),
    blockAuthor: (credentials, target) => moderate(credentials, target, 'rejected', true),
    limitReplies: refuse('YouTube’s API cannot limit who comments on a video'),

    async readProfile(credentials) {
      const { value, refreshed } = await withToken(credentials, async (token) => {
        const response = await api.request({
          method: 'GET',
          url: url('channels', { part: 'snippet', id: credentials.accountId }),
          token,
        });
        return recordOf(arrayOf(recordOf(response.body).items)[0]);
      });
      const snippet = recordOf(value.snippet);
      const thumbnails = recordOf(snippet.thumbnails);
      const description = stringOf(snippet.description);
      return {
        displayName: stringOf(snippet.title),
        bio: description,
        links: [...description.matchAll(/https?:\/\/[^\s)]+/g)].map((m) => ({
          label: 'In the description',
          url: m[0],
        })),
        avatarUrl: stringOf(recordOf(thumbnails.default).url) || null,
        ...(refreshed ? { refreshed } : {}),
      };
    },
    readDirectMessageSetting: refuse('YouTube has no direct messages'),
  };
}
