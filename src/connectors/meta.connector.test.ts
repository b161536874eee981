import { afterEach, describe, expect, it } from 'vitest';
import { type ConnectorCredentials, ConnectorError } from './connector.js';
import { createFacebookConnector, facebookScopes } from './facebook.connector.js';
import { createInstagramConnector } from './instagram.connector.js';
import { graphOrigin as origin } from './meta-graph.js';
import { type RecordedExchange, type Replay, replay } from './recorded-http.js';

// Requests and responses as Meta's Graph API reference documents them (Page feed, photos, comments,
// blocked; IG user media, comments; access tokens; error codes), with generated names and ids.
const now = () => new Date('2026-12-03T09:00:00Z');
const page: ConnectorCredentials = {
  baseUrl: origin,
  accessToken: 'EAAPageToken',
  accountId: '104000000000001',
};
const ig: ConnectorCredentials = {
  baseUrl: origin,
  accessToken: 'EAAPageToken',
  accountId: '17841400000000001',
};
const app = { clientId: '1234567890', clientSecret: 'meta-app-secret' };
const bearer = 'Bearer EAAPageToken';

let current: Replay | undefined;
function recorded(exchanges: RecordedExchange[]) {
  current = replay(exchanges);
  return {
    facebook: createFacebookConnector({ fetch: current.fetch, now, app }),
    instagram: createInstagramConnector({ fetch: current.fetch, now, app }),
    http: current,
  };
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

const commentFields =
  'id%2Cmessage%2Ccreated_time%2Cfrom%7Bid%2Cname%7D%2Cparent%7Bid%7D%2Cpermalink_url%2Cis_hidden%2Ccan_hide';

describe('Facebook Page connector against recorded exchanges', () => {
  it('publishes a text post to the Page feed, and a photo with its alt text', async () => {
    const { facebook, http } = recorded([
      {
        method: 'POST',
        origin,
        path: '/v24.0/104000000000001/feed',
        status: 200,
        body: { id: '104000000000001_900000000000001' },
      },
      {
        method: 'POST',
        origin,
        path: '/v24.0/104000000000001/photos',
        status: 200,
        body: { id: '900000000000077', post_id: '104000000000001_900000000000002' },
      },
    ]);
    expect(
      await facebook.publish(page, { text: 'Sports day is on Friday.', photos: [], idempotencyKey: 'k1' }),
    ).toEqual({
      platformPostId: '104000000000001_900000000000001',
      url: 'https://www.facebook.com/104000000000001_900000000000001',
    });
    const [feed] = http.sent();
    expect(feed).toMatchObject({
      method: 'POST',
      authorization: bearer,
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(feed?.body).toBe('message=Sports+day+is+on+Friday.');
    const photo = await facebook.publish(page, {
      text: 'Our new library.',
      photos: [
        {
          bytes: new Uint8Array([0xff, 0xd8]),
          mimeType: 'image/jpeg',
          altText: 'Shelves of books in a bright room',
        },
      ],
      idempotencyKey: 'k2',
    });
    expect(photo.platformPostId).toBe('104000000000001_900000000000002');
    const body = http.sent()[1]?.body ?? '';
    expect(body).toContain('name="caption"\r\n\r\nOur new library.\r\n');
    expect(body).toContain('name="alt_text_custom"\r\n\r\nShelves of books in a bright room\r\n');
    expect(body).toContain(
      'name="source"; filename="photo.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\r\n',
    );
    http.assertAllUsed();
  });

  it('reads comments on posts touched since the cursor, following the paging link until seen ones', async () => {
    const comment = (id: string, at: string, message: string) => ({
      id,
      message,
      created_time: at,
      from: { id: '7001', name: 'Rowan Tillery' },
      permalink_url: `https://www.facebook.com/104000000000001/posts/900000000000001?comment_id=${id}`,
      is_hidden: false,
      can_hide: true,
    });
    const next = `${origin}/v24.0/104000000000001_900000000000001/comments?after=QVFI&limit=100`;
    const { facebook, http } = recorded([
      {
        method: 'GET',
        origin,
        path: '/v24.0/104000000000001/feed?fields=id%2Cmessage%2Cupdated_time&since=1796284800&limit=25',
        status: 200,
        body: {
          data: [
            {
              id: '104000000000001_900000000000001',
              message: 'Sports day is on Friday.',
              updated_time: '2026-12-03T08:59:00+0000',
            },
          ],
          paging: {},
        },
      },
      {
        method: 'GET',
        origin,
        path: `/v24.0/104000000000001_900000000000001/comments?filter=stream&order=reverse_chronological&fields=${commentFields}&limit=100`,
        status: 200,
        body: {
          data: [comment('900000000000001_501', '2026-12-03T08:59:00+0000', 'Cannot wait!')],
          paging: { cursors: { after: 'QVFI' }, next },
        },
      },
      {
        method: 'GET',
        origin,
        path: '/v24.0/104000000000001_900000000000001/comments?after=QVFI&limit=100',
        status: 200,
        body: {
          data: [comment('900000000000001_500', '2026-12-03T08:10:00+0000', 'Older, already read')],
          paging: {},
        },
      },
    ]);
    const result = await facebook.fetchComments(page, '2026-12-03T08:00:00.000Z');
    expect(result.comments.map((c) => [c.platformCommentId, c.text, c.authorDisplayName])).toEqual([
      ['900000000000001_500', 'Older, already read', 'Rowan Tillery'],
      ['900000000000001_501', 'Cannot wait!', 'Rowan Tillery'],
    ]);
    expect(result.cursor).toBe('2026-12-03T08:59:00.000Z');
    expect(http.sent().every((r) => r.authorization === bearer)).toBe(true);
    http.assertAllUsed();
  });

  it('hides, deletes and bans; a deleted comment is not_found and a throttled Page is rate_limited', async () => {
    const target = {
      platformCommentId: '900000000000001_501',
      platformPostId: '104000000000001_900000000000001',
      authorPlatformId: '7001',
    };
    const { facebook, http } = recorded([
      { method: 'POST', origin, path: '/v24.0/900000000000001_501', status: 200, body: { success: true } },
      { method: 'DELETE', origin, path: '/v24.0/900000000000001_501', status: 200, body: { success: true } },
      { method: 'POST', origin, path: '/v24.0/104000000000001/blocked', status: 200, body: { '7001': true } },
      {
        method: 'DELETE',
        origin,
        path: '/v24.0/900000000000001_501',
        status: 400,
        body: {
          error: {
            message: "Unsupported delete request. Object with ID '900000000000001_501' does not exist",
            type: 'GraphMethodException',
            code: 100,
            error_subcode: 33,
          },
        },
      },
      {
        method: 'POST',
        origin,
        path: '/v24.0/900000000000001_501',
        status: 400,
        body: { error: { message: 'Application request limit reached', type: 'OAuthException', code: 4 } },
        headers: {
          'x-business-use-case-usage': JSON.stringify({
            '104000000000001': [{ type: 'pages', call_count: 100, estimated_time_to_regain_access: 7 }],
          }),
        },
      },
    ]);
    await facebook.hideComment(page, target);
    await facebook.deleteComment(page, target);
    await facebook.blockAuthor(page, target);
    expect(http.sent().map((r) => [r.method, new URL(r.url).pathname, r.body])).toEqual([
      ['POST', '/v24.0/900000000000001_501', 'is_hidden=true'],
      ['DELETE', '/v24.0/900000000000001_501', ''],
      ['POST', '/v24.0/104000000000001/blocked', 'user=7001'],
    ]);
    expect((await connectorError(facebook.deleteComment(page, target))).code).toBe('not_found');
    const limited = await connectorError(facebook.hideComment(page, target));
    expect([limited.code, limited.retryAfterSeconds]).toEqual(['rate_limited', 420]);
  });

  it('says an expired token is expired and a changed password revokes it', async () => {
    const { facebook } = recorded([
      {
        method: 'GET',
        origin,
        path: '/v24.0/104000000000001?fields=name%2Cabout%2Cdescription%2Cwebsite%2Cemails%2Cpicture%7Burl%7D',
        status: 400,
        body: {
          error: {
            message: 'Error validating access token: Session has expired',
            type: 'OAuthException',
            code: 190,
            error_subcode: 463,
          },
        },
      },
      {
        method: 'GET',
        origin,
        path: '/v24.0/104000000000001?fields=name%2Cabout%2Cdescription%2Cwebsite%2Cemails%2Cpicture%7Burl%7D',
        status: 400,
        body: {
          error: {
            message: 'Error validating access token: The user has changed the password',
            type: 'OAuthException',
            code: 190,
            error_subcode: 460,
          },
        },
      },
    ]);
    expect((await connectorError(facebook.readProfile(page))).code).toBe('token_expired');
    expect((await connectorError(facebook.readProfile(page))).code).toBe('token_revoked');
  });

  it('connects through Facebook Login: code, long-lived token, then the Page the register names', async () => {
    const redirectUri = 'https://guardpost.school.example/api/connections/callback';
    const { facebook, http } = recorded([
      {
        method: 'GET',
        origin,
        path: `/v24.0/oauth/access_token?client_id=1234567890&redirect_uri=${encodeURIComponent(redirectUri)}&client_secret=meta-app-secret&code=code-1`,
        status: 200,
        body: { access_token: 'EAAshort', token_type: 'bearer', expires_in: 5183944 },
      },
      {
        method: 'GET',
        origin,
        path: '/v24.0/oauth/access_token?grant_type=fb_exchange_token&client_id=1234567890&client_secret=meta-app-secret&fb_exchange_token=EAAshort',
        status: 200,
        body: { access_token: 'EAAlong', token_type: 'bearer' },
      },
      {
        method: 'GET',
        origin,
        path: '/v24.0/me/accounts?fields=id%2Cname%2Cusername%2Caccess_token',
        status: 200,
        body: {
          data: [
            { id: '104000000000009', name: 'Other Club', access_token: 'EAAother' },
            {
              id: '104000000000001',
              name: 'Fernhill School',
              username: 'fernhillschool',
              access_token: 'EAAPageToken',
            },
          ],
        },
      },
    ]);
    const authorize = new URL(
      facebook.auth?.authorizeUrl?.({ baseUrl: origin, redirectUri, state: 's1' }) ?? '',
    );
    expect(authorize.searchParams.get('scope')).toBe(facebookScopes.join(','));
    expect(authorize.searchParams.get('client_id')).toBe('1234567890');
    const connected = await facebook.auth?.exchangeCode?.({
      baseUrl: origin,
      redirectUri,
      code: 'code-1',
      expectedHandle: '@fernhillschool',
    });
    expect(connected).toEqual({
      baseUrl: origin,
      platformAccountId: '104000000000001',
      handle: '@fernhillschool',
      accessToken: 'EAAPageToken',
    });
    expect(http.sent()[2]?.authorization).toBe('Bearer EAAlong');
    http.assertAllUsed();
  });
});

describe('Instagram connector against recorded exchanges', () => {
  it('reads comments and replies on recent media since the cursor', async () => {
    const { instagram, http } = recorded([
      {
        method: 'GET',
        origin,
        path: '/v24.0/17841400000000001/media?fields=id%2Ccaption%2Ctimestamp%2Ccomments_count%2Cpermalink&limit=10',
        status: 200,
        body: {
          data: [
            {
              id: '17900000000000001',
              caption: 'Harvest festival',
              timestamp: '2026-12-02T10:00:00+0000',
              comments_count: 2,
              permalink: 'https://www.instagram.com/p/C0abcdEF/',
            },
            { id: '17900000000000002', caption: 'Quiet', comments_count: 0 },
          ],
        },
      },
      {
        method: 'GET',
        origin,
        path: '/v24.0/17900000000000001/comments?fields=id%2Ctext%2Ctimestamp%2Cusername%2Cfrom%7Bid%2Cusername%7D%2Chidden%2Creplies%7Bid%2Ctext%2Ctimestamp%2Cusername%2Cfrom%7Bid%2Cusername%7D%7D&limit=50',
        status: 200,
        body: {
          data: [
            {
              id: '18000000000000001',
              text: 'Lovely photos',
              timestamp: '2026-12-03T08:30:00+0000',
              username: 'marlo.fenwick',
              from: { id: '17841400000000777', username: 'marlo.fenwick' },
              hidden: false,
              replies: {
                data: [
                  {
                    id: '18000000000000002',
                    text: 'Agreed',
                    timestamp: '2026-12-03T08:40:00+0000',
                    username: 'jem.astley',
                    from: { id: '17841400000000778', username: 'jem.astley' },
                  },
                ],
              },
            },
            {
              id: '18000000000000000',
              text: 'Old',
              timestamp: '2026-12-01T08:30:00+0000',
              username: 'marlo.fenwick',
              from: { id: '17841400000000777' },
            },
          ],
        },
      },
    ]);
    const result = await instagram.fetchComments(ig, '2026-12-03T08:00:00.000Z');
    expect(
      result.comments.map((c) => [c.platformCommentId, c.parentCommentId, c.authorHandle, c.text]),
    ).toEqual([
      ['18000000000000001', null, '@marlo.fenwick', 'Lovely photos'],
      ['18000000000000002', '18000000000000001', '@jem.astley', 'Agreed'],
    ]);
    expect(result.cursor).toBe('2026-12-03T08:40:00.000Z');
    expect(http.sent().every((r) => r.authorization === bearer)).toBe(true);
    http.assertAllUsed();
  });

  it('hides a comment and turns comments off on a post', async () => {
    const { instagram, http } = recorded([
      { method: 'POST', origin, path: '/v24.0/18000000000000001', status: 200, body: { success: true } },
      { method: 'POST', origin, path: '/v24.0/17900000000000001', status: 200, body: { success: true } },
      {
        method: 'DELETE',
        origin,
        path: '/v24.0/18000000000000009',
        status: 404,
        body: { error: { message: 'Not found', code: 100 } },
      },
    ]);
    await instagram.hideComment(ig, {
      platformCommentId: '18000000000000001',
      platformPostId: '17900000000000001',
      authorPlatformId: 'x',
    });
    await instagram.limitReplies(ig, '17900000000000001');
    expect(http.sent().map((r) => r.body)).toEqual(['hide=true', 'comment_enabled=false']);
    expect(
      (
        await connectorError(
          instagram.deleteComment(ig, {
            platformCommentId: '18000000000000009',
            platformPostId: null,
            authorPlatformId: 'x',
          }),
        )
      ).code,
    ).toBe('not_found');
    expect(http.sent()).toHaveLength(3);
  });

  it('reads the profile with its website', async () => {
    const { instagram } = recorded([
      {
        method: 'GET',
        origin,
        path: '/v24.0/17841400000000001?fields=username%2Cname%2Cbiography%2Cwebsite%2Cprofile_picture_url',
        status: 200,
        body: {
          username: 'fernhillschool',
          name: 'Fernhill School',
          biography: 'Our AUP: fernhill.example/aup',
          website: 'https://fernhill.example/aup',
          profile_picture_url: 'https://scontent.example/p.jpg',
          id: '17841400000000001',
        },
      },
    ]);
    expect(await instagram.readProfile(ig)).toEqual({
      displayName: 'Fernhill School',
      bio: 'Our AUP: fernhill.example/aup',
      links: [{ label: 'Website', url: 'https://fernhill.example/aup' }],
      avatarUrl: 'https://scontent.example/p.jpg',
    });
  });
});
