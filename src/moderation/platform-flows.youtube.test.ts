import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeConnection, startConnection } from '../connectors/connect-account.js';
import { youtubeScope } from '../connectors/youtube.connector.js';
import { verifyAuditChain } from '../platform/audit/audit.js';
import { testEngines } from '../platform/db/test-db.js';
import { publishPost } from '../posts/publish-post.js';
import { listModerationItems } from './list-moderation-items.js';
import { takeActionIn } from './moderation-actions.js';
import {
  approvedPost,
  archiveOf,
  auditTypesOf,
  expectedHideReport,
  flowCallbackUrl,
  flowGoogleApp,
  hideReportOf,
  type PlatformFlow,
  queuedWithSnapshots,
  requestLines,
  setUpPlatformFlow,
  tearDownPlatformFlow,
} from './testing.js';

/**
 * Issue 13's "done when" on YouTube (see platform-flows.mastodon.test.ts for the shape): connected through
 * Google's OAuth, an abusive comment read by the scan job from the channel's comment threads, queued under
 * clause 2.3, hidden (held for review), SMT told. Requests and responses as the YouTube Data API v3
 * reference (channels.list, commentThreads.list, comments.setModerationStatus) and Google's OAuth 2.0 for
 * web server apps document them, with generated names and ids.
 *
 * The video is recorded by hand with its address: uploads are out of scope (the connector declares
 * `publish: false`), and community posts have no API.
 */

const start = '2026-12-01T10:00:00.000Z';
const minutes = (n: number) => new Date(Date.parse(start) + n * 60_000);
const query = (values: Record<string, string>) => new URLSearchParams(values).toString();

for (const engine of testEngines()) {
  describe(`YouTube, end to end on ${engine}`, () => {
    const origin = 'https://www.googleapis.com';
    const tokenOrigin = 'https://oauth2.googleapis.com';
    const channelId = 'UCschool000000000000001';
    const videoId = 'vid00000001';
    const video = `https://www.youtube.com/watch?v=${videoId}`;
    const thread = (id: string, at: Date, text: string) => ({
      kind: 'youtube#commentThread',
      id,
      snippet: {
        channelId,
        videoId,
        topLevelComment: {
          kind: 'youtube#comment',
          id,
          snippet: {
            channelId,
            videoId,
            textDisplay: text,
            textOriginal: text,
            authorDisplayName: '@kit-ramsbury',
            authorChannelId: { value: 'UCcommenter00000000000001' },
            publishedAt: at.toISOString().replace('.000Z', 'Z'),
            updatedAt: at.toISOString().replace('.000Z', 'Z'),
          },
        },
        totalReplyCount: 0,
      },
    });
    // order=time: newest first.
    const threads = {
      kind: 'youtube#commentThreadListResponse',
      items: [
        thread('Ugw2', minutes(6), 'shut up you stupid cow, worst concert ever'),
        thread('Ugw1', minutes(5), 'Great concert, well done everyone'),
      ],
    };
    const threadsPath = `/youtube/v3/commentThreads?${query({ part: 'snippet,replies', allThreadsRelatedToChannelId: channelId, order: 'time', maxResults: '100' })}`;
    const hidePath = '/youtube/v3/comments/setModerationStatus?id=Ugw2&moderationStatus=heldForReview';
    let flow: PlatformFlow | undefined;

    beforeAll(async () => {
      flow = await setUpPlatformFlow({
        engine,
        start: minutes(0),
        platform: 'youtube',
        handle: '@fernhillschool',
        exchanges: [
          {
            method: 'POST',
            origin: tokenOrigin,
            path: '/token',
            status: 200,
            body: {
              access_token: 'ya29.school',
              expires_in: 3599,
              refresh_token: '1//school-refresh',
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
              kind: 'youtube#channelListResponse',
              items: [
                {
                  kind: 'youtube#channel',
                  id: channelId,
                  snippet: { title: 'Fernhill School', customUrl: '@fernhillschool', description: 'News' },
                },
              ],
            },
          },
          { method: 'GET', origin, path: threadsPath, status: 200, body: threads },
          // The next scan: the newest thread is older than the cursor, so the read stops there.
          { method: 'GET', origin, path: threadsPath, status: 200, body: threads },
          { method: 'POST', origin, path: hidePath, status: 204 },
        ],
      });
    });
    afterAll(() => tearDownPlatformFlow(flow));

    it('records the video by hand, reads the abusive comment, queues it under clause 2.3, holds it for review, and tells SMT', async () => {
      if (!flow) throw new Error('set up');
      const { t, http, deps, clock, school, accountId } = flow;
      const bearer = 'Bearer ya29.school';

      // 1. Connected through Google's OAuth: an hour's access token and a refresh token, sealed.
      const { authorizeUrl } = await startConnection(t.db, school.owner.actor, { accountId }, deps.connect);
      const state = new URL(authorizeUrl).searchParams.get('state') ?? '';
      await completeConnection(t.db, school.owner.actor, { state, code: '4/0AY0e-g7' }, deps.connect);
      const connection = await t.db
        .selectFrom('platform_connections')
        .selectAll()
        .where('account_id', '=', accountId)
        .executeTakeFirstOrThrow();
      expect(connection).toMatchObject({
        status: 'connected',
        platform_account_id: channelId,
        handle: '@fernhillschool',
        token_expires_at: new Date(Date.parse(start) + 3599_000),
      });
      expect(Buffer.from(connection.credentials_sealed ?? '').toString('latin1')).not.toContain(
        'ya29.school',
      );

      // 2. The video's description, approved; the video uploaded by hand and its address recorded.
      clock.set(minutes(2));
      const post = await approvedPost(t.db, deps, school, accountId, 'Our winter concert, in full.');
      await publishPost(
        t.db,
        school.owner.actor,
        { schoolId: school.schoolId, postId: post, publishedUrl: video },
        deps.posts,
      );
      const { archive, publication } = await archiveOf(t.db, post);
      expect(archive).toMatchObject({
        published_url: video,
        platform_post_id: null,
        text: 'Our winter concert, in full.',
      });
      expect(publication).toBeUndefined();

      // 3. Two scans: the abusive comment on that video is queued once.
      clock.set(minutes(10));
      expect(await deps.scan()).toBe(1);
      clock.set(minutes(13));
      expect(await deps.scan()).toBe(1);
      const feed = await t.db
        .selectFrom('moderation_feeds')
        .selectAll()
        .where('account_id', '=', accountId)
        .executeTakeFirstOrThrow();
      expect(feed).toMatchObject({ cursor: minutes(6).toISOString(), last_read_at: minutes(13) });
      const [item, ...others] = await queuedWithSnapshots(t.db, accountId);
      expect(others).toEqual([]);
      if (!item) throw new Error('the comment was queued');
      expect(item).toMatchObject({
        platform_comment_id: 'Ugw2',
        platform_post_id: new URL(archive.published_url).searchParams.get('v'),
        author_platform_id: 'UCcommenter00000000000001',
        verdict: 'block',
        clauses: ['2.3'],
        taken_at: minutes(10),
      });
      expect(item.findings.map((f) => f.rule)).toContain('language.abuse');
      expect(item.content).toMatchObject({
        text: 'shut up you stupid cow, worst concert ever',
        authorHandle: '@kit-ramsbury',
        url: `${video}&lc=Ugw2`,
      });
      expect(item.sha256).toBe(item.recomputedSha256);

      // 4. Hidden: held for review, which the channel can publish again. Delete (rejected) and ban are offered too.
      const [queued] = await listModerationItems(deps.moderation(), school.smt.actor, school.schoolId, {
        id: item.id,
        limit: 10,
      });
      expect(queued).toMatchObject({ clauses: ['2.3'], actions: ['hide', 'delete', 'block', 'dismiss'] });
      clock.set(minutes(15));
      expect(
        await takeActionIn(deps.moderation(), school.smt.actor, item.id, { action: 'hide', reason: 'Abuse' }),
      ).toMatchObject({ outcome: 'done', state: 'actioned' });

      expect(requestLines(http)).toEqual([
        `POST ${tokenOrigin}/token -`,
        `GET ${origin}/youtube/v3/channels?part=snippet&mine=true ${bearer}`,
        `GET ${origin}${threadsPath} ${bearer}`,
        `GET ${origin}${threadsPath} ${bearer}`,
        `POST ${origin}${hidePath} ${bearer}`,
      ]);
      const sent = http.sent();
      expect(Object.fromEntries(new URLSearchParams(sent[0]?.body))).toEqual({
        code: '4/0AY0e-g7',
        client_id: flowGoogleApp.clientId,
        client_secret: flowGoogleApp.clientSecret,
        redirect_uri: flowCallbackUrl,
        grant_type: 'authorization_code',
      });
      expect(sent[4]?.body).toBe('');
      http.assertAllUsed();

      // 5. SMT and the headteacher are told, in the app and by an email that really leaves (the worker's
      // email job delivers it to a real SMTP server).
      const { told, summary } = await hideReportOf(flow, item);
      expect(summary).toEqual(expectedHideReport(flow, item.id));
      expect(told.emails[0]?.text_body).toContain('shut up you stupid cow, worst concert ever');

      expect(await auditTypesOf(t.db, school.schoolId, [accountId, post, item.id])).toEqual([
        'connection.started',
        'connection.connected',
        'post.account_settings_updated',
        'post.saved',
        'post.marked_ready',
        'post.approved',
        'post.published',
        'moderation.comments_queued',
        'moderation.action_taken',
      ]);
      expect(await verifyAuditChain(t.db, school.schoolId)).toMatchObject({ ok: true });
    });
  });
}
