import { afterEach, describe, expect, it } from 'vitest';
import { type ConnectorCredentials, ConnectorError } from './connector.js';
import { createMastodonConnector, mastodonScopes } from './mastodon.connector.js';
import { type RecordedExchange, type Replay, replay } from './recorded-http.js';

// Requests and responses as docs.joinmastodon.org documents them (methods/statuses, media, notifications,
// reports, accounts, apps, oauth), with generated names and ids.
const origin = 'https://mastodon.example';
const credentials: ConnectorCredentials = {
  baseUrl: origin,
  accessToken: 'ZA-Yj3aBD8U8Cm7lKUp-lm9O9BmDgdhHzDeqsY8tlL0',
  accountId: '109000000000000001',
  clientId: 'app-client-id',
  clientSecret: 'app-client-secret',
};
const now = () => new Date('2026-12-03T09:00:00Z');
const bearer = `Bearer ${credentials.accessToken}`;

function account(id: string, acct: string, displayName: string) {
  return {
    id,
    username: acct.split('@')[0],
    acct,
    display_name: displayName,
    url: `https://elsewhere.example/@${acct}`,
  };
}

function mention(notificationId: string, status: Record<string, unknown>) {
  return {
    id: notificationId,
    type: 'mention',
    created_at: status.created_at,
    account: status.account,
    status,
  };
}

function status(id: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    created_at: '2026-12-03T08:30:00.000Z',
    in_reply_to_id: null,
    in_reply_to_account_id: null,
    visibility: 'public',
    uri: `https://elsewhere.example/users/pim/statuses/${id}`,
    url: `https://elsewhere.example/@pim/${id}`,
    content: '<p>Hello from a parent</p>',
    account: account('200', 'pim@elsewhere.example', 'Pim Harrowgate'),
    ...extra,
  };
}

let current: Replay | undefined;
function recorded(exchanges: RecordedExchange[]) {
  current = replay(exchanges);
  return { connector: createMastodonConnector({ fetch: current.fetch, now }), http: current };
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

describe('Mastodon connector against recorded exchanges', () => {
  it('uploads each photo with its alt text, then posts once per idempotency key', async () => {
    const { connector, http } = recorded([
      {
        method: 'POST',
        origin,
        path: '/api/v2/media',
        status: 200,
        body: { id: '22348641', type: 'image', description: 'Pupils planting trees' },
      },
      {
        method: 'POST',
        origin,
        path: '/api/v1/statuses',
        status: 200,
        body: status('113500000000000001', {
          url: `${origin}/@news/113500000000000001`,
          account: account('109000000000000001', 'news', 'School news'),
        }),
      },
    ]);
    const result = await connector.publish(credentials, {
      text: 'Year 4 planted twelve oaks today.',
      photos: [
        {
          bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xd9]),
          mimeType: 'image/jpeg',
          altText: 'Pupils planting trees',
        },
      ],
      idempotencyKey: 'post-7c1e:revision-3',
    });
    expect(result).toEqual({
      platformPostId: '113500000000000001',
      url: `${origin}/@news/113500000000000001`,
    });
    const [media, post] = http.sent();
    expect(media?.method).toBe('POST');
    expect(media?.url).toBe(`${origin}/api/v2/media`);
    expect(media?.authorization).toBe(bearer);
    expect(media?.contentType).toMatch(/^multipart\/form-data; boundary=guardpost-[0-9a-f]+$/);
    expect(media?.body).toContain(
      'Content-Disposition: form-data; name="description"\r\n\r\nPupils planting trees\r\n',
    );
    expect(media?.body).toContain(
      'name="file"; filename="photo.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff\xd9\r\n',
    );
    expect(post).toMatchObject({ method: 'POST', url: `${origin}/api/v1/statuses`, authorization: bearer });
    expect(post?.headers['idempotency-key']).toBe('post-7c1e:revision-3');
    expect(JSON.parse(post?.body ?? '')).toEqual({
      status: 'Year 4 planted twelve oaks today.',
      media_ids: ['22348641'],
      visibility: 'public',
    });
    http.assertAllUsed();
  });

  it('reads mentions forward from the cursor a page at a time, with the thread above each reply', async () => {
    const firstPage = Array.from({ length: 40 }, (_, index) =>
      mention(String(140 - index), status(String(5000 + index))),
    );
    const reply = status('6001', {
      in_reply_to_id: '113500000000000001',
      in_reply_to_account_id: credentials.accountId,
      content: '<p>Lovely &amp; well done<br>all of you</p>',
      created_at: '2026-12-03T08:45:00.000Z',
    });
    const { connector, http } = recorded([
      {
        method: 'GET',
        origin,
        path: '/api/v1/notifications?types%5B%5D=mention&limit=40&min_id=100',
        status: 200,
        body: firstPage,
      },
      {
        method: 'GET',
        origin,
        path: '/api/v1/notifications?types%5B%5D=mention&limit=40&min_id=140',
        status: 200,
        body: [mention('141', reply)],
      },
      {
        method: 'GET',
        origin,
        path: '/api/v1/statuses/6001/context',
        status: 200,
        body: {
          ancestors: [
            status('113500000000000001', {
              content: '<p>Year 4 planted twelve oaks today.</p>',
              account: account('109000000000000001', 'news', 'School news'),
            }),
          ],
          descendants: [],
        },
      },
    ]);
    const page = await connector.fetchComments(credentials, '100');
    expect(page.cursor).toBe('141');
    expect(page.comments).toHaveLength(41);
    const last = page.comments.at(-1);
    expect(last).toEqual({
      platformCommentId: '6001',
      platformPostId: '113500000000000001',
      parentCommentId: null,
      authorPlatformId: '200',
      authorHandle: '@pim@elsewhere.example',
      authorDisplayName: 'Pim Harrowgate',
      text: 'Lovely & well done\nall of you',
      createdAt: new Date('2026-12-03T08:45:00.000Z'),
      url: 'https://elsewhere.example/@pim/6001',
      context: [
        {
          platformId: '113500000000000001',
          authorHandle: '@news',
          text: 'Year 4 planted twelve oaks today.',
        },
      ],
    });
    expect(http.sent().every((r) => r.method === 'GET' && r.authorization === bearer)).toBe(true);
    http.assertAllUsed();
  });

  it('keeps the cursor when nothing new arrived', async () => {
    const { connector } = recorded([
      {
        method: 'GET',
        origin,
        path: '/api/v1/notifications?types%5B%5D=mention&limit=40&min_id=141',
        status: 200,
        body: [],
      },
    ]);
    expect(await connector.fetchComments(credentials, '141')).toEqual({ comments: [], cursor: '141' });
  });

  it('turns 429 into rate_limited with the wait the server asked for', async () => {
    const { connector } = recorded([
      {
        method: 'GET',
        origin,
        path: '/api/v1/notifications?types%5B%5D=mention&limit=40&min_id=141',
        status: 429,
        body: { error: 'Too many requests' },
        headers: {
          'x-ratelimit-limit': '300',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': '2026-12-03T09:05:00.000Z',
        },
      },
      {
        method: 'POST',
        origin,
        path: '/api/v1/accounts/200/block',
        status: 429,
        body: { error: 'Too many requests' },
        headers: { 'retry-after': '42' },
      },
    ]);
    const reset = await connectorError(connector.fetchComments(credentials, '141'));
    expect([reset.code, reset.retryAfterSeconds, reset.status]).toEqual(['rate_limited', 300, 429]);
    const retry = await connectorError(
      connector.blockAuthor(credentials, {
        platformCommentId: '6001',
        platformPostId: null,
        authorPlatformId: '200',
      }),
    );
    expect([retry.code, retry.retryAfterSeconds]).toEqual(['rate_limited', 42]);
  });

  it('says a revoked token is revoked (Mastodon tokens do not expire, so nothing to refresh)', async () => {
    const { connector } = recorded([
      {
        method: 'GET',
        origin,
        path: '/api/v1/accounts/verify_credentials',
        status: 401,
        body: { error: 'The access token is invalid' },
      },
    ]);
    const error = await connectorError(connector.readProfile(credentials));
    expect(error.code).toBe('token_revoked');
    expect(error.message).not.toContain(credentials.accessToken);
  });

  it('reports a reply with forwarding, and a deleted reply is not_found', async () => {
    const { connector, http } = recorded([
      {
        method: 'POST',
        origin,
        path: '/api/v1/reports',
        status: 200,
        body: { id: '48914', action_taken: false, category: 'other', forwarded: true },
      },
      { method: 'POST', origin, path: '/api/v1/reports', status: 404, body: { error: 'Record not found' } },
    ]);
    const target = {
      platformCommentId: '6001',
      platformPostId: '113500000000000001',
      authorPlatformId: '200',
    };
    await connector.reportAuthor(credentials, target, 'Abusive reply under a school post');
    expect(JSON.parse(http.sent()[0]?.body ?? '')).toEqual({
      account_id: '200',
      status_ids: ['6001'],
      comment: 'Abusive reply under a school post',
      forward: true,
      category: 'other',
    });
    expect(http.sent()[0]?.authorization).toBe(bearer);
    expect((await connectorError(connector.reportAuthor(credentials, target, 'again'))).code).toBe(
      'not_found',
    );
  });

  it('refuses hide, delete and limiting replies without a request', async () => {
    const { connector, http } = recorded([]);
    const target = { platformCommentId: '6001', platformPostId: null, authorPlatformId: '200' };
    expect((await connectorError(connector.hideComment(credentials, target))).code).toBe('not_supported');
    expect((await connectorError(connector.deleteComment(credentials, target))).code).toBe('not_supported');
    expect((await connectorError(connector.limitReplies(credentials, '1'))).code).toBe('not_supported');
    expect(http.sent()).toEqual([]);
  });

  it('reads the profile with each field and whether the instance verified it', async () => {
    const { connector } = recorded([
      {
        method: 'GET',
        origin,
        path: '/api/v1/accounts/verify_credentials',
        status: 200,
        body: {
          ...account('109000000000000001', 'news', 'Fernhill School news'),
          note: '<p>News from Fernhill School. Our rules: <a href="https://fernhill.example/aup">fernhill.example/aup</a></p>',
          avatar: `${origin}/system/accounts/avatars/1.png`,
          fields: [
            {
              name: 'Website',
              value: '<a href="https://fernhill.example" rel="me nofollow noopener">fernhill.example</a>',
              verified_at: '2026-11-01T10:00:00.000Z',
            },
            { name: 'Contact', value: 'office@fernhill.example', verified_at: null },
          ],
        },
      },
    ]);
    expect(await connector.readProfile(credentials)).toEqual({
      displayName: 'Fernhill School news',
      bio: 'News from Fernhill School. Our rules: fernhill.example/aup',
      links: [{ label: 'Website', url: 'https://fernhill.example', verified: true }],
      avatarUrl: `${origin}/system/accounts/avatars/1.png`,
    });
  });

  it('registers an app on the instance, exchanges the code and revokes the token', async () => {
    const redirectUri = 'https://guardpost.school.example/api/connections/callback';
    const { connector, http } = recorded([
      {
        method: 'POST',
        origin,
        path: '/api/v1/apps',
        status: 200,
        body: {
          id: '563419',
          name: 'Guardpost',
          client_id: 'cid-1',
          client_secret: 'csecret-1',
          redirect_uri: redirectUri,
        },
      },
      {
        method: 'POST',
        origin,
        path: '/oauth/token',
        status: 200,
        body: {
          access_token: 'tok-new',
          token_type: 'Bearer',
          scope: mastodonScopes,
          created_at: 1733216400,
        },
      },
      {
        method: 'GET',
        origin,
        path: '/api/v1/accounts/verify_credentials',
        status: 200,
        body: account('109000000000000001', 'news', 'School news'),
      },
      { method: 'POST', origin, path: '/oauth/revoke', status: 200, body: {} },
    ]);
    const auth = connector.auth;
    if (!auth?.registerApp || !auth.authorizeUrl || !auth.exchangeCode)
      throw new Error('Mastodon connects by OAuth');
    const app = await auth.registerApp({ baseUrl: origin, redirectUri });
    expect(app).toEqual({ clientId: 'cid-1', clientSecret: 'csecret-1' });
    expect(Object.fromEntries(new URLSearchParams(http.sent()[0]?.body))).toEqual({
      client_name: 'Guardpost',
      redirect_uris: redirectUri,
      scopes: mastodonScopes,
    });
    const authorize = new URL(auth.authorizeUrl({ baseUrl: origin, redirectUri, state: 'st-1', app }));
    expect(authorize.origin + authorize.pathname).toBe(`${origin}/oauth/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'cid-1',
      redirect_uri: redirectUri,
      scope: mastodonScopes,
      state: 'st-1',
    });
    const connected = await auth.exchangeCode({
      baseUrl: origin,
      redirectUri,
      code: 'code-1',
      app,
      expectedHandle: '@news',
    });
    expect(connected).toEqual({
      baseUrl: origin,
      platformAccountId: '109000000000000001',
      handle: '@news@mastodon.example',
      accessToken: 'tok-new',
      app,
    });
    expect(Object.fromEntries(new URLSearchParams(http.sent()[1]?.body))).toEqual({
      grant_type: 'authorization_code',
      code: 'code-1',
      client_id: 'cid-1',
      client_secret: 'csecret-1',
      redirect_uri: redirectUri,
      scope: mastodonScopes,
    });
    expect(http.sent()[2]?.authorization).toBe('Bearer tok-new');
    expect(await auth.revoke(credentials)).toBe('yes');
    expect(Object.fromEntries(new URLSearchParams(http.sent()[3]?.body))).toEqual({
      client_id: 'app-client-id',
      client_secret: 'app-client-secret',
      token: credentials.accessToken,
    });
    http.assertAllUsed();
  });
});
