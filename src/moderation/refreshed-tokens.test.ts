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

// YouTube's documented exchanges (Google's token endpoint, commentThreads.list, comments.setModerationStatus),
// with generated names and ids. A Tuesday morning in term.
const channel = 'UCschool000000000000009';
const app = { clientId: 'cid.apps.googleusercontent.com', clientSecret: 'gsecret' };
const threadsPath = `/youtube/v3/commentThreads?part=snippet%2Creplies&allThreadsRelatedToChannelId=${channel}&order=time&maxResults=100`;
const tokenAnswer = (token: string) => ({
  method: 'POST' as const,
  origin: 'https://oauth2.googleapis.com',
  path: '/token',
  status: 200,
  body: { access_token: token, expires_in: 3599, token_type: 'Bearer' },
});

for (const engine of testEngines()) {
  describe(`tokens refreshed during moderation calls on ${engine}`, () => {
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
        handle: '@connectoracademy',
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
          status: 200,
          body: {
            items: [
              {
                id: 'Ugz1',
                snippet: {
                  channelId: channel,
                  videoId: 'vid00000009',
                  totalReplyCount: 0,
                  topLevelComment: {
                    id: 'Ugz1',
                    snippet: {
                      channelId: channel,
                      videoId: 'vid00000009',
                      textDisplay: 'shut up you stupid cow, nobody asked',
                      textOriginal: 'shut up you stupid cow, nobody asked',
                      authorDisplayName: '@wren-halloway',
                      authorChannelId: { value: 'UCcommenter00000000000009' },
                      publishedAt: '2026-12-01T09:55:00Z',
                      updatedAt: '2026-12-01T09:55:00Z',
                    },
                  },
                },
              },
            ],
          },
        },
        tokenAnswer('ya29.two'),
        {
          method: 'POST',
          origin: youtubeApiOrigin,
          path: '/youtube/v3/comments/setModerationStatus?id=Ugz1&moderationStatus=heldForReview',
          status: 204,
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

    // The tokens as sealed in the database now.
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

    it('stores the token refreshed during a comment read, then the one refreshed during a hide', async () => {
      const read = await readFeed(ctx(now), accountId);
      expect(read).toMatchObject({ outcome: 'read', checked: 1, queued: 1 });
      expect(await storedToken()).toMatchObject({ accessToken: 'ya29.one', refreshToken: '1//refresh' });

      // An hour later the stored token is about to expire: the hide refreshes it first.
      now = new Date('2026-12-01T11:00:00Z');
      const item = await t.db
        .selectFrom('moderation_items')
        .select('id')
        .where('account_id', '=', accountId)
        .executeTakeFirstOrThrow();
      const hidden = await takeActionIn(ctx(now), school.smt.actor, item.id, {
        action: 'hide',
        reason: 'Abuse under the school’s video',
      });
      expect(hidden.outcome).toBe('done');
      expect(await storedToken()).toMatchObject({ accessToken: 'ya29.two' });
      expect(http.sent().map((r) => [r.method, r.url.split('?')[0], r.authorization])).toEqual([
        ['POST', 'https://oauth2.googleapis.com/token', undefined],
        ['GET', `${youtubeApiOrigin}/youtube/v3/commentThreads`, 'Bearer ya29.one'],
        ['POST', 'https://oauth2.googleapis.com/token', undefined],
        ['POST', `${youtubeApiOrigin}/youtube/v3/comments/setModerationStatus`, 'Bearer ya29.two'],
      ]);
      http.assertAllUsed();
      const events = await t.db
        .selectFrom('audit_events')
        .select('type')
        .where('subject_id', '=', accountId)
        .where('type', '=', 'connection.token_refreshed')
        .execute();
      expect(events).toHaveLength(2);
    });
  });
}
