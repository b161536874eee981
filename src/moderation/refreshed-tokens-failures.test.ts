import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckContextCache } from '../checks/check-context.js';
import { openCredentials } from '../connectors/connection-credentials.js';
import { createConnectorRegistry } from '../connectors/connector-registry.js';
import { DemoConnector } from '../connectors/demo.js';
import { type Replay, replay } from '../connectors/recorded-http.js';
import { buildConnection, buildConnectorSchool, buildRegisteredAccount } from '../connectors/testing.js';
import { createYoutubeConnector, youtubeApiOrigin } from '../connectors/youtube.connector.js';
import { createKeyring, generateMasterKey } from '../platform/crypto/envelope.js';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import { takeActionIn } from './moderation-actions.js';
import { connectedAccountOpener, moderationConnections } from './moderation-connections.js';
import type { ModerationContext } from './moderation-context.js';
import { connectFeed, readFeed } from './moderation-ingest.js';

// YouTube's documented exchanges (Google's token endpoint, commentThreads.list, comments.setModerationStatus)
// with generated ids: each call refreshes the token first, then the platform refuses (429) or the comment is
// gone (404). The refreshed token must be kept all the same, and the next call must send it.
const channel = 'UCschool000000000000011';
const app = { clientId: 'cid.apps.googleusercontent.com', clientSecret: 'gsecret' };
const threadsPath = `/youtube/v3/commentThreads?part=snippet%2Creplies&allThreadsRelatedToChannelId=${channel}&order=time&maxResults=100`;
const tokenAnswer = (token: string) => ({
  method: 'POST' as const,
  origin: 'https://oauth2.googleapis.com',
  path: '/token',
  status: 200,
  body: { access_token: token, expires_in: 3599, token_type: 'Bearer' },
});
const thread = {
  id: 'Ugz7',
  snippet: {
    channelId: channel,
    videoId: 'vid00000011',
    totalReplyCount: 0,
    topLevelComment: {
      id: 'Ugz7',
      snippet: {
        channelId: channel,
        videoId: 'vid00000011',
        textDisplay: 'shut up you stupid cow, nobody asked',
        textOriginal: 'shut up you stupid cow, nobody asked',
        authorDisplayName: '@pell-ostrander',
        authorChannelId: { value: 'UCcommenter00000000000011' },
        publishedAt: '2026-12-01T09:55:00Z',
        updatedAt: '2026-12-01T09:55:00Z',
      },
    },
  },
};

for (const engine of testEngines()) {
  describe(`tokens refreshed before a failed call on ${engine}`, () => {
    let t: TestDb;
    let http: Replay;
    let now = new Date('2026-12-01T10:00:00Z');
    const keyring = createKeyring(generateMasterKey());
    const checkContexts = new CheckContextCache();
    let school: Awaited<ReturnType<typeof buildConnectorSchool>>;
    let accountId = '';
    let ctx: (at: Date) => ModerationContext;

    beforeAll(async () => {
      t = await createTestDb(engine);
      school = await buildConnectorSchool(t.db, now);
      accountId = await buildRegisteredAccount(t.db, {
        schoolId: school.schoolId,
        ownerIds: [school.owner.actor.staffId],
        platform: 'youtube',
        handle: '@failingacademy',
      });
      await buildConnection(t.db, keyring, {
        schoolId: school.schoolId,
        accountId,
        platform: 'youtube',
        baseUrl: youtubeApiOrigin,
        platformAccountId: channel,
        secrets: {
          accessToken: 'ya29.old',
          refreshToken: '1//refresh',
          expiresAt: new Date(now.getTime() + 60_000),
          clientId: app.clientId,
          clientSecret: app.clientSecret,
        },
        now,
      });
      http = replay([
        tokenAnswer('ya29.one'),
        {
          method: 'GET',
          origin: youtubeApiOrigin,
          path: threadsPath,
          status: 429,
          body: {
            error: { code: 429, message: 'Too many requests', errors: [{ reason: 'rateLimitExceeded' }] },
          },
          headers: { 'retry-after': '120' },
        },
        {
          method: 'GET',
          origin: youtubeApiOrigin,
          path: threadsPath,
          status: 200,
          body: { items: [thread] },
        },
        tokenAnswer('ya29.two'),
        {
          method: 'POST',
          origin: youtubeApiOrigin,
          path: '/youtube/v3/comments/setModerationStatus?id=Ugz7&moderationStatus=heldForReview',
          status: 404,
          body: { error: { code: 404, message: 'The comment was not found.' } },
        },
      ]);
      const connectors = createConnectorRegistry([
        createYoutubeConnector({ fetch: http.fetch, now: () => now, app }),
      ]);
      const connections = moderationConnections(
        new DemoConnector(),
        connectedAccountOpener({ keyring, connectors }),
      );
      ctx = (at) => ({ db: t.db, keyring, now: at, checkContexts, connections });
      await connectFeed(ctx(now), school.smt.actor, {
        schoolId: school.schoolId,
        accountId,
        platform: 'youtube',
      });
    });
    afterAll(async () => {
      await http?.close();
      await t.destroy();
    });

    const storedToken = async () => {
      const row = await t.db
        .selectFrom('platform_connections')
        .selectAll()
        .where('account_id', '=', accountId)
        .executeTakeFirstOrThrow();
      return openCredentials(t.db, keyring, {
        ...row,
        credentials_key_id: row.credentials_key_id ?? '',
        credentials_sealed: row.credentials_sealed ?? Buffer.alloc(0),
      });
    };

    it('a read refused with 429 after a refresh keeps the new token, and the retry sends it', async () => {
      expect((await readFeed(ctx(now), accountId)).outcome).toBe('rate_limited');
      expect(await storedToken()).toMatchObject({ accessToken: 'ya29.one', refreshToken: '1//refresh' });
      now = new Date('2026-12-01T10:03:00Z');
      expect(await readFeed(ctx(now), accountId)).toMatchObject({ outcome: 'read', queued: 1 });
    });

    it('a hide that finds the comment gone after a refresh keeps the new token', async () => {
      now = new Date('2026-12-01T11:00:00Z');
      const item = await t.db
        .selectFrom('moderation_items')
        .select('id')
        .where('account_id', '=', accountId)
        .executeTakeFirstOrThrow();
      const result = await takeActionIn(ctx(now), school.smt.actor, item.id, {
        action: 'hide',
        reason: 'Abuse',
      });
      expect(result.outcome).toBe('removed_on_platform');
      expect(await storedToken()).toMatchObject({ accessToken: 'ya29.two' });
      expect(http.sent().map((r) => [r.method, r.url.split('?')[0], r.authorization])).toEqual([
        ['POST', 'https://oauth2.googleapis.com/token', undefined],
        ['GET', `${youtubeApiOrigin}/youtube/v3/commentThreads`, 'Bearer ya29.one'],
        ['GET', `${youtubeApiOrigin}/youtube/v3/commentThreads`, 'Bearer ya29.one'],
        ['POST', 'https://oauth2.googleapis.com/token', undefined],
        ['POST', `${youtubeApiOrigin}/youtube/v3/comments/setModerationStatus`, 'Bearer ya29.two'],
      ]);
      http.assertAllUsed();
    });
  });
}
