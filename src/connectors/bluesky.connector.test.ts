import { afterEach, describe, expect, it } from 'vitest';
import { blueskyModerationDid, createBlueskyConnector } from './bluesky.connector.js';
import { type ConnectorCredentials, ConnectorError } from './connector.js';
import { type RecordedExchange, type Replay, replay } from './recorded-http.js';

// Requests and responses as the atproto lexicons and Bluesky's API docs describe them (com.atproto.repo.*,
// com.atproto.server.*, app.bsky.notification.listNotifications, app.bsky.feed.getPosts), with generated
// handles and DIDs. @atproto/dev-env was tried as a live PDS: its install did not finish in 10 minutes here.
const origin = 'https://pds.example';
const did = 'did:plc:schoolnews000000000000001';
const commenterDid = 'did:plc:commenter0000000000000001';
const blobCid = 'bafkreiadsbmmn4waznesyuz3bjgrj33xzqhxrk6mz3ksq7meugrachh3qe';
const recordCid = 'bafyreihffwofbdcqendtitmma6wzds6wa2fpy5p7mkjpayvatsrydse6oe';
const now = () => new Date('2026-12-03T09:00:00Z');

function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ typ: 'at+jwt', alg: 'ES256K' })}.${part(claims)}.c2lnbmF0dXJl`;
}
const oldAccess = jwt({ scope: 'com.atproto.appPass', sub: did, exp: 1764750000 });
const newAccess = jwt({ scope: 'com.atproto.appPass', sub: did, exp: 1764759600 });
const credentials: ConnectorCredentials = {
  baseUrl: origin,
  accessToken: oldAccess,
  refreshToken: jwt({ scope: 'com.atproto.refresh', sub: did, exp: 1772000000 }),
  accountId: did,
};

const postUri = `at://${did}/app.bsky.feed.post/3lbqrootpost2`;
const replyUri = `at://${commenterDid}/app.bsky.feed.post/3lbqreply0001`;

function notification(uri: string, indexedAt: string, text: string) {
  return {
    uri,
    cid: recordCid,
    author: {
      did: commenterDid,
      handle: 'ash-pemberley.bsky.social',
      displayName: 'Ash Pemberley',
      viewer: { muted: false, blockedBy: false },
      labels: [],
    },
    reason: 'reply',
    reasonSubject: postUri,
    record: {
      $type: 'app.bsky.feed.post',
      text,
      createdAt: indexedAt,
      reply: { root: { uri: postUri, cid: recordCid }, parent: { uri: postUri, cid: recordCid } },
    },
    isRead: false,
    indexedAt,
    labels: [],
  };
}

let current: Replay | undefined;
function recorded(exchanges: RecordedExchange[]) {
  current = replay(exchanges);
  return { connector: createBlueskyConnector({ fetch: current.fetch, now }), http: current };
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

describe('Bluesky connector against recorded exchanges', () => {
  it('refreshes an expired session, uploads the photo and posts it with its alt text', async () => {
    const { connector, http } = recorded([
      {
        method: 'POST',
        origin,
        path: '/xrpc/com.atproto.repo.uploadBlob',
        status: 400,
        body: { error: 'ExpiredToken', message: 'Token has expired' },
      },
      {
        method: 'POST',
        origin,
        path: '/xrpc/com.atproto.server.refreshSession',
        status: 200,
        body: { did, handle: 'news.fernhill.example', accessJwt: newAccess, refreshJwt: 'refresh-2' },
      },
      {
        method: 'GET',
        origin,
        path: '/xrpc/com.atproto.server.getSession',
        status: 200,
        body: { did, handle: 'news.fernhill.example', emailConfirmed: true, active: true },
      },
      {
        method: 'POST',
        origin,
        path: '/xrpc/com.atproto.repo.uploadBlob',
        status: 200,
        body: { blob: { $type: 'blob', ref: { $link: blobCid }, mimeType: 'image/jpeg', size: 4 } },
      },
      {
        method: 'POST',
        origin,
        path: '/xrpc/com.atproto.repo.createRecord',
        status: 200,
        body: {
          uri: postUri,
          cid: recordCid,
          commit: { cid: recordCid, rev: '3jzfcijpj2z2a' },
          validationStatus: 'valid',
        },
      },
    ]);
    const result = await connector.publish(credentials, {
      text: 'Year 4 planted twelve oaks today. https://fernhill.example/news',
      photos: [
        {
          bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xd9]),
          mimeType: 'image/jpeg',
          altText: 'Pupils planting trees',
        },
      ],
      idempotencyKey: 'post-1:revision-1',
    });
    expect(result).toEqual({
      platformPostId: postUri,
      url: `https://bsky.app/profile/${did}/post/3lbqrootpost2`,
      refreshed: {
        accessToken: newAccess,
        refreshToken: 'refresh-2',
        expiresAt: new Date(1764759600 * 1000),
      },
    });
    const sent = http.sent();
    expect(
      sent.map((r) => `${r.method} ${new URL(r.url).pathname} ${r.authorization?.slice(7, 20)}`),
    ).toEqual([
      `POST /xrpc/com.atproto.repo.uploadBlob ${oldAccess.slice(0, 13)}`,
      `POST /xrpc/com.atproto.server.refreshSession ${credentials.refreshToken?.slice(0, 13)}`,
      `GET /xrpc/com.atproto.server.getSession ${newAccess.slice(0, 13)}`,
      `POST /xrpc/com.atproto.repo.uploadBlob ${newAccess.slice(0, 13)}`,
      `POST /xrpc/com.atproto.repo.createRecord ${newAccess.slice(0, 13)}`,
    ]);
    expect(sent[3]?.contentType).toBe('image/jpeg');
    expect(sent[3]?.body).toBe('\xff\xd8\xff\xd9');
    const created = JSON.parse(sent[4]?.body ?? '');
    expect(created).toEqual({
      repo: did,
      collection: 'app.bsky.feed.post',
      record: {
        $type: 'app.bsky.feed.post',
        text: 'Year 4 planted twelve oaks today. https://fernhill.example/news',
        facets: [
          {
            index: { byteStart: 34, byteEnd: 63 },
            features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://fernhill.example/news' }],
          },
        ],
        embed: {
          $type: 'app.bsky.embed.images',
          images: [
            {
              image: { $type: 'blob', ref: { $link: blobCid }, mimeType: 'image/jpeg', size: 4 },
              alt: 'Pupils planting trees',
            },
          ],
        },
        createdAt: '2026-12-03T09:00:00.000Z',
      },
    });
    http.assertAllUsed();
  });

  it('refuses a post over 300 characters before sending anything', async () => {
    const { connector, http } = recorded([]);
    const error = await connectorError(
      connector.publish(credentials, { text: 'a'.repeat(301), photos: [], idempotencyKey: 'k' }),
    );
    expect(error.code).toBe('rejected');
    expect(http.sent()).toEqual([]);
  });

  it('reads reply notifications back to the cursor, page by page, with the post above each', async () => {
    const newer = notification(replyUri, '2026-12-03T08:50:00.000Z', 'Brilliant work everyone');
    const older = notification(
      `at://${commenterDid}/app.bsky.feed.post/3lbqreply0000`,
      '2026-12-03T08:40:00.000Z',
      'Seen already',
    );
    const firstPage = Array.from({ length: 50 }, (_, i) =>
      notification(
        `at://${commenterDid}/app.bsky.feed.post/3lbqreplyp${String(i).padStart(3, '0')}`,
        `2026-12-03T08:5${5 + (i % 4)}:00.000Z`,
        `reply ${i}`,
      ),
    );
    const { connector, http } = recorded([
      {
        method: 'GET',
        origin,
        path: '/xrpc/app.bsky.notification.listNotifications?reasons=reply&reasons=mention&limit=50',
        status: 200,
        body: { notifications: firstPage, cursor: 'page-2' },
      },
      {
        method: 'GET',
        origin,
        path: '/xrpc/app.bsky.notification.listNotifications?reasons=reply&reasons=mention&limit=50&cursor=page-2',
        status: 200,
        body: { notifications: [newer, older], cursor: 'page-3' },
      },
      {
        method: 'GET',
        origin,
        path: `/xrpc/app.bsky.feed.getPosts?uris=${encodeURIComponent(postUri)}`,
        status: 200,
        body: {
          posts: [
            {
              uri: postUri,
              cid: recordCid,
              author: { did, handle: 'news.fernhill.example', labels: [] },
              record: {
                $type: 'app.bsky.feed.post',
                text: 'Year 4 planted twelve oaks today.',
                createdAt: '2026-12-03T08:00:00.000Z',
              },
              indexedAt: '2026-12-03T08:00:00.000Z',
              labels: [],
            },
          ],
        },
      },
    ]);
    const page = await connector.fetchComments(credentials, '2026-12-03T08:45:00.000Z');
    expect(page.comments).toHaveLength(51);
    expect(page.cursor).toBe('2026-12-03T08:58:00.000Z');
    expect(page.comments[0]).toEqual({
      platformCommentId: replyUri,
      platformPostId: postUri,
      parentCommentId: null,
      authorPlatformId: commenterDid,
      authorHandle: '@ash-pemberley.bsky.social',
      authorDisplayName: 'Ash Pemberley',
      text: 'Brilliant work everyone',
      createdAt: new Date('2026-12-03T08:50:00.000Z'),
      url: `https://bsky.app/profile/${commenterDid}/post/3lbqreply0001`,
      context: [
        {
          platformId: postUri,
          authorHandle: '@news.fernhill.example',
          text: 'Year 4 planted twelve oaks today.',
        },
      ],
    });
    expect(http.sent().every((r) => r.authorization === `Bearer ${oldAccess}`)).toBe(true);
    http.assertAllUsed();
  });

  it('hides a reply through the threadgate, creating it when the post has none', async () => {
    const { connector, http } = recorded([
      {
        method: 'GET',
        origin,
        path: `/xrpc/com.atproto.repo.getRecord?repo=${encodeURIComponent(did)}&collection=app.bsky.feed.threadgate&rkey=3lbqrootpost2`,
        status: 400,
        body: { error: 'RecordNotFound', message: 'Could not locate record' },
      },
      {
        method: 'POST',
        origin,
        path: '/xrpc/com.atproto.repo.putRecord',
        status: 200,
        body: { uri: `at://${did}/app.bsky.feed.threadgate/3lbqrootpost2`, cid: recordCid },
      },
    ]);
    await connector.hideComment(credentials, {
      platformCommentId: replyUri,
      platformPostId: postUri,
      authorPlatformId: commenterDid,
    });
    expect(JSON.parse(http.sent()[1]?.body ?? '')).toEqual({
      repo: did,
      collection: 'app.bsky.feed.threadgate',
      rkey: '3lbqrootpost2',
      record: {
        $type: 'app.bsky.feed.threadgate',
        post: postUri,
        createdAt: '2026-12-03T09:00:00.000Z',
        hiddenReplies: [replyUri],
      },
    });
    http.assertAllUsed();
  });

  it('unhides by removing the reply from the threadgate, keeping its rules', async () => {
    const gate = {
      $type: 'app.bsky.feed.threadgate',
      post: postUri,
      createdAt: '2026-12-03T08:00:00.000Z',
      allow: [],
      hiddenReplies: [replyUri, 'at://x/app.bsky.feed.post/2'],
    };
    const { connector, http } = recorded([
      {
        method: 'GET',
        origin,
        path: `/xrpc/com.atproto.repo.getRecord?repo=${encodeURIComponent(did)}&collection=app.bsky.feed.threadgate&rkey=3lbqrootpost2`,
        status: 200,
        body: { uri: `at://${did}/app.bsky.feed.threadgate/3lbqrootpost2`, cid: recordCid, value: gate },
      },
      {
        method: 'POST',
        origin,
        path: '/xrpc/com.atproto.repo.putRecord',
        status: 200,
        body: { uri: `at://${did}/app.bsky.feed.threadgate/3lbqrootpost2`, cid: recordCid },
      },
    ]);
    await connector.unhideComment(credentials, {
      platformCommentId: replyUri,
      platformPostId: postUri,
      authorPlatformId: commenterDid,
    });
    expect(JSON.parse(http.sent()[1]?.body ?? '').record).toEqual({
      ...gate,
      hiddenReplies: ['at://x/app.bsky.feed.post/2'],
    });
  });

  it('reports the author to Bluesky moderation and blocks them', async () => {
    const { connector, http } = recorded([
      {
        method: 'POST',
        origin,
        path: '/xrpc/com.atproto.moderation.createReport',
        status: 200,
        body: {
          id: 1,
          reasonType: 'com.atproto.moderation.defs#reasonRude',
          subject: { $type: 'com.atproto.admin.defs#repoRef', did: commenterDid },
          reportedBy: did,
          createdAt: '2026-12-03T09:00:00.000Z',
        },
      },
      {
        method: 'POST',
        origin,
        path: '/xrpc/com.atproto.repo.createRecord',
        status: 200,
        body: { uri: `at://${did}/app.bsky.graph.block/3lbqblock0001`, cid: recordCid },
      },
    ]);
    const target = { platformCommentId: replyUri, platformPostId: postUri, authorPlatformId: commenterDid };
    await connector.reportAuthor(credentials, target, 'Abuse under a school post');
    await connector.blockAuthor(credentials, target);
    const [report, block] = http.sent();
    expect(report?.headers['atproto-proxy']).toBe(`${blueskyModerationDid}#atproto_labeler`);
    expect(JSON.parse(report?.body ?? '')).toEqual({
      reasonType: 'com.atproto.moderation.defs#reasonRude',
      reason: `Abuse under a school post (reply ${replyUri})`,
      subject: { $type: 'com.atproto.admin.defs#repoRef', did: commenterDid },
    });
    expect(JSON.parse(block?.body ?? '')).toEqual({
      repo: did,
      collection: 'app.bsky.graph.block',
      record: { $type: 'app.bsky.graph.block', subject: commenterDid, createdAt: '2026-12-03T09:00:00.000Z' },
    });
  });

  it('turns 429 into rate_limited with the reset time, and a revoked session into token_revoked', async () => {
    const { connector } = recorded([
      {
        method: 'GET',
        origin,
        path: `/xrpc/com.atproto.repo.getRecord?repo=${encodeURIComponent(did)}&collection=chat.bsky.actor.declaration&rkey=self`,
        status: 429,
        body: { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' },
        headers: {
          'ratelimit-limit': '3000',
          'ratelimit-remaining': '0',
          'ratelimit-reset': String(Math.floor(now().getTime() / 1000) + 120),
        },
      },
      {
        method: 'GET',
        origin,
        path: `/xrpc/com.atproto.repo.getRecord?repo=${encodeURIComponent(did)}&collection=app.bsky.actor.profile&rkey=self`,
        status: 400,
        body: { error: 'ExpiredToken', message: 'Token has expired' },
      },
      {
        method: 'POST',
        origin,
        path: '/xrpc/com.atproto.server.refreshSession',
        status: 400,
        body: { error: 'ExpiredToken', message: 'Token has been revoked' },
      },
    ]);
    const limited = await connectorError(connector.readDirectMessageSetting(credentials));
    expect([limited.code, limited.retryAfterSeconds]).toEqual(['rate_limited', 120]);
    const revoked = await connectorError(connector.readProfile(credentials));
    expect(revoked.code).toBe('token_revoked');
  });

  it('a session refreshed before a call fails goes back with the failure, for the caller to store', async () => {
    const path = `/xrpc/com.atproto.repo.getRecord?repo=${encodeURIComponent(did)}&collection=chat.bsky.actor.declaration&rkey=self`;
    const { connector, http } = recorded([
      {
        method: 'GET',
        origin,
        path,
        status: 400,
        body: { error: 'ExpiredToken', message: 'Token has expired' },
      },
      {
        method: 'POST',
        origin,
        path: '/xrpc/com.atproto.server.refreshSession',
        status: 200,
        body: { did, handle: 'news.fernhill.example', accessJwt: newAccess, refreshJwt: 'refresh-3' },
      },
      {
        method: 'GET',
        origin,
        path: '/xrpc/com.atproto.server.getSession',
        status: 200,
        body: { did, handle: 'news.fernhill.example', active: true },
      },
      {
        method: 'GET',
        origin,
        path,
        status: 429,
        body: { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' },
        headers: { 'ratelimit-reset': String(Math.floor(now().getTime() / 1000) + 60) },
      },
    ]);
    const failure = await connectorError(connector.readDirectMessageSetting(credentials));
    expect([failure.code, failure.retryAfterSeconds]).toEqual(['rate_limited', 60]);
    expect(failure.refreshed).toEqual({
      accessToken: newAccess,
      refreshToken: 'refresh-3',
      expiresAt: new Date(1764759600 * 1000),
    });
    expect(http.sent().map((r) => r.authorization)).toEqual([
      `Bearer ${oldAccess}`,
      `Bearer ${credentials.refreshToken}`,
      `Bearer ${newAccess}`,
      `Bearer ${newAccess}`,
    ]);
  });

  it('reads who may start a chat, and the profile with its website', async () => {
    const { connector } = recorded([
      {
        method: 'GET',
        origin,
        path: `/xrpc/com.atproto.repo.getRecord?repo=${encodeURIComponent(did)}&collection=chat.bsky.actor.declaration&rkey=self`,
        status: 200,
        body: {
          uri: `at://${did}/chat.bsky.actor.declaration/self`,
          value: { $type: 'chat.bsky.actor.declaration', allowIncoming: 'all' },
        },
      },
      {
        method: 'GET',
        origin,
        path: `/xrpc/com.atproto.repo.getRecord?repo=${encodeURIComponent(did)}&collection=chat.bsky.actor.profile&rkey=self`.replace(
          'chat.bsky.actor.profile',
          'app.bsky.actor.profile',
        ),
        status: 200,
        body: {
          uri: `at://${did}/app.bsky.actor.profile/self`,
          value: {
            $type: 'app.bsky.actor.profile',
            displayName: 'Fernhill news',
            description: 'News from Fernhill School. AUP: fernhill.example/aup',
            website: 'https://fernhill.example',
            avatar: { $type: 'blob', ref: { $link: blobCid }, mimeType: 'image/jpeg', size: 4 },
          },
        },
      },
    ]);
    expect(await connector.readDirectMessageSetting(credentials)).toEqual({ setting: 'all' });
    expect(await connector.readProfile(credentials)).toEqual({
      displayName: 'Fernhill news',
      bio: 'News from Fernhill School. AUP: fernhill.example/aup',
      links: [{ label: 'Website', url: 'https://fernhill.example' }],
      avatarUrl: `${origin}/xrpc/com.atproto.sync.getBlob?did=${encodeURIComponent(did)}&cid=${blobCid}`,
    });
  });

  it('connects with an app password and ends the session on disconnect', async () => {
    const { connector, http } = recorded([
      {
        method: 'POST',
        origin,
        path: '/xrpc/com.atproto.server.createSession',
        status: 200,
        body: {
          did,
          handle: 'news.fernhill.example',
          accessJwt: newAccess,
          refreshJwt: 'refresh-9',
          active: true,
        },
      },
      { method: 'POST', origin, path: '/xrpc/com.atproto.server.deleteSession', status: 200 },
    ]);
    const signIn = connector.auth?.signIn;
    if (!signIn) throw new Error('Bluesky signs in with an app password');
    expect(
      await signIn({ baseUrl: origin, identifier: 'news.fernhill.example', password: 'abcd-efgh-ijkl-mnop' }),
    ).toEqual({
      baseUrl: origin,
      platformAccountId: did,
      handle: '@news.fernhill.example',
      accessToken: newAccess,
      refreshToken: 'refresh-9',
      expiresAt: new Date(1764759600 * 1000),
    });
    expect(JSON.parse(http.sent()[0]?.body ?? '')).toEqual({
      identifier: 'news.fernhill.example',
      password: 'abcd-efgh-ijkl-mnop',
    });
    expect(await connector.auth?.revoke({ ...credentials, refreshToken: 'refresh-9' })).toBe('yes');
    expect(http.sent()[1]?.authorization).toBe('Bearer refresh-9');
    http.assertAllUsed();
  });
});
