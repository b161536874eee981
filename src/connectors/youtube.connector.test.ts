import { afterEach, describe, expect, it } from 'vitest';
import { type ConnectorCredentials, ConnectorError } from './connector.js';
import { type RecordedExchange, type Replay, replay } from './recorded-http.js';
import { createYoutubeConnector, youtubeApiOrigin as origin, youtubeScope } from './youtube.connector.js';

// Requests and responses as the YouTube Data API v3 reference (commentThreads.list, comments.setModerationStatus,
// channels.list, errors) and Google's OAuth 2.0 for web server apps document them, with generated names and ids.
const now = () => new Date('2026-12-03T09:00:00Z');
const tokenOrigin = 'https://oauth2.googleapis.com';
const app = { clientId: 'client-1.apps.googleusercontent.com', clientSecret: 'google-secret' };
const credentials: ConnectorCredentials = {
  baseUrl: origin,
  accessToken: 'ya29.old',
  refreshToken: '1//refresh',
  expiresAt: new Date('2026-12-03T09:30:00Z'),
  accountId: 'UCschool000000000000001',
};

let current: Replay | undefined;
function recorded(exchanges: RecordedExchange[]) {
  current = replay(exchanges);
  return { youtube: createYoutubeConnector({ fetch: current.fetch, now, app }), http: current };
}
afterEach(async () => {
  await current?.close();
  current = undefined;
});

async function connectorError(promise: Promise<unknown>): Promise<ConnectorError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConnectorError) return error;
    throw error;
  }
  throw new Error('expected a ConnectorError');
}

function thread(
  id: string,
  at: string,
  text: string,
  replies: { id: string; at: string; text: string }[] = [],
) {
  const snippet = (commentId: string, when: string, words: string) => ({
    kind: 'youtube#comment',
    id: commentId,
    snippet: {
      channelId: credentials.accountId,
      videoId: 'vid00000001',
      textDisplay: words,
      textOriginal: words,
      authorDisplayName: '@kit-ramsbury',
      authorChannelId: { value: 'UCcommenter00000000000001' },
      publishedAt: at === when ? at : when,
      updatedAt: when,
    },
  });
  return {
    kind: 'youtube#commentThread',
    id,
    snippet: {
      channelId: credentials.accountId,
      videoId: 'vid00000001',
      topLevelComment: snippet(id, at, text),
      totalReplyCount: replies.length,
    },
    replies: { comments: replies.map((r) => snippet(r.id, r.at, r.text)) },
  };
}

const threadsPath = (pageToken?: string) =>
  `/youtube/v3/commentThreads?part=snippet%2Creplies&allThreadsRelatedToChannelId=${credentials.accountId}&order=time&maxResults=100${pageToken ? `&pageToken=${pageToken}` : ''}`;

describe('YouTube connector against recorded exchanges', () => {
  it('reads comment threads newest first, page by page, until the cursor', async () => {
    const { youtube, http } = recorded([
      {
        method: 'GET',
        origin,
        path: threadsPath(),
        status: 200,
        body: {
          kind: 'youtube#commentThreadListResponse',
          nextPageToken: 'QURTSl9p',
          items: [thread('Ugw1', '2026-12-03T08:50:00Z', 'Great concert')],
        },
      },
      {
        method: 'GET',
        origin,
        path: threadsPath('QURTSl9p'),
        status: 200,
        body: {
          kind: 'youtube#commentThreadListResponse',
          nextPageToken: 'QURTSl9q',
          items: [
            thread('Ugw0', '2026-12-03T07:00:00Z', 'Older thread', [
              { id: 'Ugw0.r1', at: '2026-12-03T08:20:00Z', text: 'New reply on it' },
            ]),
            thread('Ugv9', '2026-12-02T07:00:00Z', 'Seen long ago'),
          ],
        },
      },
    ]);
    const result = await youtube.fetchComments(credentials, '2026-12-03T08:00:00.000Z');
    expect(result.comments.map((c) => [c.platformCommentId, c.parentCommentId, c.text, c.url])).toEqual([
      ['Ugw0.r1', 'Ugw0', 'New reply on it', 'https://www.youtube.com/watch?v=vid00000001&lc=Ugw0.r1'],
      ['Ugw1', null, 'Great concert', 'https://www.youtube.com/watch?v=vid00000001&lc=Ugw1'],
    ]);
    expect(result.cursor).toBe('2026-12-03T08:50:00.000Z');
    expect(http.sent().every((r) => r.authorization === 'Bearer ya29.old')).toBe(true);
    http.assertAllUsed();
  });

  it('refreshes a token about to expire before the call, and once more after a 401', async () => {
    const { youtube, http } = recorded([
      {
        method: 'POST',
        origin: tokenOrigin,
        path: '/token',
        status: 200,
        body: { access_token: 'ya29.new', expires_in: 3599, scope: youtubeScope, token_type: 'Bearer' },
      },
      {
        method: 'POST',
        origin,
        path: '/youtube/v3/comments/setModerationStatus?id=Ugw1&moderationStatus=heldForReview',
        status: 204,
      },
      {
        method: 'POST',
        origin,
        path: '/youtube/v3/comments/setModerationStatus?id=Ugw1&moderationStatus=rejected&banAuthor=true',
        status: 401,
        body: {
          error: {
            code: 401,
            message: 'Request had invalid authentication credentials.',
            errors: [{ reason: 'authError' }],
          },
        },
      },
      {
        method: 'POST',
        origin: tokenOrigin,
        path: '/token',
        status: 200,
        body: { access_token: 'ya29.newer', expires_in: 3599, token_type: 'Bearer' },
      },
      {
        method: 'POST',
        origin,
        path: '/youtube/v3/comments/setModerationStatus?id=Ugw1&moderationStatus=rejected&banAuthor=true',
        status: 204,
      },
    ]);
    const target = {
      platformCommentId: 'Ugw1',
      platformPostId: 'vid00000001',
      authorPlatformId: 'UCcommenter00000000000001',
    };
    await youtube.hideComment({ ...credentials, expiresAt: new Date('2026-12-03T09:00:30Z') }, target);
    await youtube.blockAuthor(credentials, target);
    const sent = http.sent();
    expect(Object.fromEntries(new URLSearchParams(sent[0]?.body))).toEqual({
      client_id: app.clientId,
      client_secret: app.clientSecret,
      refresh_token: '1//refresh',
      grant_type: 'refresh_token',
    });
    expect(sent.map((r) => `${r.method} ${new URL(r.url).host} ${r.authorization ?? '-'}`)).toEqual([
      'POST oauth2.googleapis.com -',
      'POST www.googleapis.com Bearer ya29.new',
      'POST www.googleapis.com Bearer ya29.old',
      'POST oauth2.googleapis.com -',
      'POST www.googleapis.com Bearer ya29.newer',
    ]);
    http.assertAllUsed();
  });

  it('returns refreshed tokens with the result, for the caller to seal', async () => {
    const { youtube } = recorded([
      {
        method: 'POST',
        origin: tokenOrigin,
        path: '/token',
        status: 200,
        body: { access_token: 'ya29.new', expires_in: 3600, token_type: 'Bearer' },
      },
      { method: 'GET', origin, path: threadsPath(), status: 200, body: { items: [] } },
    ]);
    const result = await youtube.fetchComments(
      { ...credentials, expiresAt: new Date('2026-12-03T08:59:00Z') },
      '2026-12-03T08:00:00.000Z',
    );
    expect(result).toEqual({
      comments: [],
      cursor: '2026-12-03T08:00:00.000Z',
      refreshed: {
        accessToken: 'ya29.new',
        refreshToken: '1//refresh',
        expiresAt: new Date('2026-12-03T10:00:00Z'),
      },
    });
  });

  it('says a revoked refresh token is revoked, a spent quota is rate_limited and a deleted comment not_found', async () => {
    const { youtube } = recorded([
      {
        method: 'POST',
        origin: tokenOrigin,
        path: '/token',
        status: 400,
        body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' },
      },
      {
        method: 'POST',
        origin,
        path: '/youtube/v3/comments/setModerationStatus?id=Ugw1&moderationStatus=heldForReview',
        status: 403,
        body: {
          error: {
            code: 403,
            message: 'The request cannot be completed because you have exceeded your quota.',
            errors: [{ reason: 'quotaExceeded', domain: 'youtube.quota' }],
          },
        },
      },
      {
        method: 'POST',
        origin,
        path: '/youtube/v3/comments/setModerationStatus?id=Ugw9&moderationStatus=rejected',
        status: 404,
        body: {
          error: {
            code: 404,
            message: 'The comment could not be found.',
            errors: [{ reason: 'commentNotFound' }],
          },
        },
      },
    ]);
    const target = { platformCommentId: 'Ugw1', platformPostId: null, authorPlatformId: 'x' };
    expect(
      (
        await connectorError(
          youtube.hideComment({ ...credentials, expiresAt: new Date('2026-12-03T08:00:00Z') }, target),
        )
      ).code,
    ).toBe('token_revoked');
    expect((await connectorError(youtube.hideComment(credentials, target))).code).toBe('rate_limited');
    expect(
      (await connectorError(youtube.deleteComment(credentials, { ...target, platformCommentId: 'Ugw9' })))
        .code,
    ).toBe('not_found');
  });

  it('connects with Google OAuth (offline access) and revokes the refresh token', async () => {
    const redirectUri = 'https://guardpost.school.example/api/connections/callback';
    const { youtube, http } = recorded([
      {
        method: 'POST',
        origin: tokenOrigin,
        path: '/token',
        status: 200,
        body: {
          access_token: 'ya29.first',
          expires_in: 3599,
          refresh_token: '1//first',
          scope: youtubeScope,
          token_type: 'Bearer',
        },
      },
      {
        method: 'GET',
        origin,
        path: '/youtube/v3/channels?part=snippet&mine=true',
        status: 200,
        body: {
          items: [
            {
              id: 'UCschool000000000000001',
              snippet: { title: 'Fernhill School', customUrl: '@fernhillschool' },
            },
          ],
        },
      },
      { method: 'POST', origin: tokenOrigin, path: '/revoke', status: 200, body: {} },
    ]);
    const authorize = new URL(
      youtube.auth?.authorizeUrl?.({ baseUrl: origin, redirectUri, state: 's1' }) ?? '',
    );
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      access_type: 'offline',
      scope: youtubeScope,
      state: 's1',
      redirect_uri: redirectUri,
    });
    expect(
      await youtube.auth?.exchangeCode?.({
        baseUrl: origin,
        redirectUri,
        code: '4/code',
        expectedHandle: null,
      }),
    ).toEqual({
      baseUrl: origin,
      platformAccountId: 'UCschool000000000000001',
      handle: '@fernhillschool',
      accessToken: 'ya29.first',
      refreshToken: '1//first',
      expiresAt: new Date('2026-12-03T09:59:59Z'),
    });
    expect(await youtube.auth?.revoke(credentials)).toBe('yes');
    expect(http.sent()[2]?.body).toBe('token=1%2F%2Frefresh');
    http.assertAllUsed();
  });
});
