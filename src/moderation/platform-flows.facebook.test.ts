import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeConnection, startConnection } from '../connectors/connect-account.js';
import { publishThroughConnector } from '../connectors/publish-through-connector.js';
import { verifyAuditChain } from '../platform/audit/audit.js';
import { testEngines } from '../platform/db/test-db.js';
import { listModerationItems } from './list-moderation-items.js';
import { takeActionIn } from './moderation-actions.js';
import {
  approvedPost,
  archiveOf,
  auditTypesOf,
  expectedHideReport,
  flowCallbackUrl,
  flowMetaApp,
  hideReportOf,
  type PlatformFlow,
  queuedWithSnapshots,
  requestLines,
  setUpPlatformFlow,
  tearDownPlatformFlow,
} from './testing.js';

/**
 * Issue 13's "done when" on a Facebook Page (see platform-flows.mastodon.test.ts for the shape): connected
 * through Facebook Login, published to the Page feed, an abusive comment read by the scan job from the
 * posts touched since the cursor, queued under clause 2.3, hidden (`is_hidden`), SMT told. Requests and
 * responses as the Graph API reference documents them (v24.0: oauth/access_token, me/accounts, {page}/feed,
 * {post}/comments, {comment} is_hidden), with generated names and ids.
 */

const start = '2026-12-01T10:00:00.000Z';
const minutes = (n: number) => new Date(Date.parse(start) + n * 60_000);
const seconds = (at: Date) => String(Math.floor(at.getTime() / 1000));
const query = (values: Record<string, string>) => new URLSearchParams(values).toString();

for (const engine of testEngines()) {
  describe(`Facebook Page, end to end on ${engine}`, () => {
    const origin = 'https://graph.facebook.com';
    const pageId = '104000000000001';
    const postId = `${pageId}_900000000000001`;
    const abusiveId = '900000000000001_502';
    const comment = (id: string, at: Date, message: string) => ({
      id,
      message,
      created_time: at.toISOString().replace('.000Z', '+0000'),
      from: { id: '7001', name: 'Rory Castellane' },
      permalink_url: `https://www.facebook.com/${postId}?comment_id=${id.split('_')[1]}`,
      is_hidden: false,
      can_hide: true,
    });
    // reverse_chronological: newest first.
    const comments = {
      data: [
        comment(abusiveId, minutes(6), 'shut up you stupid cow, nobody cares'),
        comment('900000000000001_501', minutes(5), 'Congratulations to the choir!'),
      ],
      paging: { cursors: { before: 'QVFIa', after: 'QVFIb' } },
    };
    const feedPath = (since: Date) =>
      `/v24.0/${pageId}/feed?${query({ fields: 'id,message,updated_time', since: seconds(since), limit: '25' })}`;
    const commentsPath = `/v24.0/${postId}/comments?${query({
      filter: 'stream',
      order: 'reverse_chronological',
      fields: 'id,message,created_time,from{id,name},parent{id},permalink_url,is_hidden,can_hide',
      limit: '100',
    })}`;
    const ourPost = {
      id: postId,
      message: 'The choir sang at the town hall.',
      updated_time: '2026-12-01T10:06:00+0000',
    };
    const codePath = `/v24.0/oauth/access_token?${query({ client_id: flowMetaApp.clientId, redirect_uri: flowCallbackUrl, client_secret: flowMetaApp.clientSecret, code: 'code-1' })}`;
    const longPath = `/v24.0/oauth/access_token?${query({ grant_type: 'fb_exchange_token', client_id: flowMetaApp.clientId, client_secret: flowMetaApp.clientSecret, fb_exchange_token: 'EAAshort' })}`;
    const pagesPath = `/v24.0/me/accounts?${query({ fields: 'id,name,username,access_token' })}`;
    let flow: PlatformFlow | undefined;

    beforeAll(async () => {
      flow = await setUpPlatformFlow({
        engine,
        start: minutes(0),
        platform: 'facebook',
        handle: '@fernhillschool',
        exchanges: [
          {
            method: 'GET',
            origin,
            path: codePath,
            status: 200,
            body: { access_token: 'EAAshort', token_type: 'bearer', expires_in: 5183944 },
          },
          {
            method: 'GET',
            origin,
            path: longPath,
            status: 200,
            body: { access_token: 'EAAlong', token_type: 'bearer' },
          },
          {
            method: 'GET',
            origin,
            path: pagesPath,
            status: 200,
            body: {
              data: [
                { id: '104000000000009', name: 'Fernhill PTA', access_token: 'EAAother' },
                {
                  id: pageId,
                  name: 'Fernhill School',
                  username: 'fernhillschool',
                  access_token: 'EAAPageToken',
                },
              ],
            },
          },
          { method: 'POST', origin, path: `/v24.0/${pageId}/feed`, status: 200, body: { id: postId } },
          // The first read looks back a day; the next from the newest comment it saw.
          {
            method: 'GET',
            origin,
            path: feedPath(new Date(minutes(10).getTime() - 86_400_000)),
            status: 200,
            body: { data: [ourPost] },
          },
          { method: 'GET', origin, path: commentsPath, status: 200, body: comments },
          { method: 'GET', origin, path: feedPath(minutes(6)), status: 200, body: { data: [ourPost] } },
          { method: 'GET', origin, path: commentsPath, status: 200, body: comments },
          { method: 'POST', origin, path: `/v24.0/${abusiveId}`, status: 200, body: { success: true } },
        ],
      });
    });
    afterAll(() => tearDownPlatformFlow(flow));

    it('publishes to the Page, reads the abusive comment, queues it under clause 2.3, hides it, and tells SMT', async () => {
      if (!flow) throw new Error('set up');
      const { t, http, deps, clock, school, accountId } = flow;
      const bearer = 'Bearer EAAPageToken';

      // 1. Connected through Facebook Login: the Page the register names, with the Page's own token.
      const { authorizeUrl } = await startConnection(t.db, school.owner.actor, { accountId }, deps.connect);
      const state = new URL(authorizeUrl).searchParams.get('state') ?? '';
      await completeConnection(t.db, school.owner.actor, { state, code: 'code-1' }, deps.connect);
      const connection = await t.db
        .selectFrom('platform_connections')
        .selectAll()
        .where('account_id', '=', accountId)
        .executeTakeFirstOrThrow();
      expect(connection).toMatchObject({
        status: 'connected',
        platform_account_id: pageId,
        handle: '@fernhillschool',
        base_url: origin,
      });
      expect(Buffer.from(connection.credentials_sealed ?? '').toString('latin1')).not.toContain(
        'EAAPageToken',
      );

      // 2. Published to the Page's feed; archived with the post's id and address.
      clock.set(minutes(1));
      const post = await approvedPost(t.db, deps, school, accountId, 'The choir sang at the town hall.');
      const publication = await publishThroughConnector(
        t.db,
        school.owner.actor,
        { schoolId: school.schoolId, postId: post, altTexts: {} },
        deps.publish,
      );
      const address = `https://www.facebook.com/${postId}`;
      const { archive, publication: row } = await archiveOf(t.db, post);
      expect(publication).toMatchObject({ status: 'published', platformPostId: postId, url: address });
      expect(archive).toMatchObject({
        published_url: address,
        platform_post_id: postId,
        text: 'The choir sang at the town hall.',
      });
      expect(row).toMatchObject({ platform_post_id: postId, archive_id: archive.id });

      // 3. Two scans: the first queues the abusive comment, the second reads from its cursor and finds nothing new.
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
        platform_comment_id: abusiveId,
        platform_post_id: postId,
        author_platform_id: '7001',
        verdict: 'block',
        clauses: ['2.3'],
        taken_at: minutes(10),
      });
      expect(item.findings.map((f) => f.rule)).toContain('language.abuse');
      expect(item.content).toMatchObject({
        text: 'shut up you stupid cow, nobody cares',
        authorDisplayName: 'Rory Castellane',
        url: comments.data[0]?.permalink_url,
        context: [{ platformId: postId, authorHandle: 'the Page', text: 'The choir sang at the town hall.' }],
      });
      expect(item.sha256).toBe(item.recomputedSha256);

      // 4. Hidden from everyone but its author and their friends; delete and ban are offered too.
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
        `GET ${origin}${codePath} -`,
        `GET ${origin}${longPath} -`,
        `GET ${origin}${pagesPath} Bearer EAAlong`,
        `POST ${origin}/v24.0/${pageId}/feed ${bearer}`,
        `GET ${origin}${feedPath(new Date(minutes(10).getTime() - 86_400_000))} ${bearer}`,
        `GET ${origin}${commentsPath} ${bearer}`,
        `GET ${origin}${feedPath(minutes(6))} ${bearer}`,
        `GET ${origin}${commentsPath} ${bearer}`,
        `POST ${origin}/v24.0/${abusiveId} ${bearer}`,
      ]);
      const sent = http.sent();
      expect(Object.fromEntries(new URLSearchParams(sent[3]?.body))).toEqual({
        message: 'The choir sang at the town hall.',
      });
      expect(Object.fromEntries(new URLSearchParams(sent[8]?.body))).toEqual({ is_hidden: 'true' });
      http.assertAllUsed();

      // 5. SMT and the headteacher are told, in the app and by an email that really leaves (the worker's
      // email job delivers it to a real SMTP server).
      const { told, summary } = await hideReportOf(flow, item);
      expect(summary).toEqual(expectedHideReport(flow, item.id));
      expect(told.emails[0]?.text_body).toContain('Comment by Rory Castellane');

      expect(await auditTypesOf(t.db, school.schoolId, [accountId, post, item.id])).toEqual([
        'connection.started',
        'connection.connected',
        'post.account_settings_updated',
        'post.saved',
        'post.marked_ready',
        'post.approved',
        'post.published',
        'post.published_through_connector',
        'moderation.comments_queued',
        'moderation.action_taken',
      ]);
      expect(await verifyAuditChain(t.db, school.schoolId)).toMatchObject({ ok: true });
    });
  });
}
