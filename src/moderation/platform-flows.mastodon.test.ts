import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeConnection, startConnection } from '../connectors/connect-account.js';
import { mastodonScopes } from '../connectors/mastodon.connector.js';
import { publishThroughConnector } from '../connectors/publish-through-connector.js';
import { verifyAuditChain } from '../platform/audit/audit.js';
import { testEngines } from '../platform/db/test-db.js';
import { linkToModerationItem, matchRoute } from '../shared/links.js';
import { listModerationItems } from './list-moderation-items.js';
import { takeActionIn } from './moderation-actions.js';
import {
  approvedPost,
  archiveOf,
  auditTypesOf,
  deliveredMailWith,
  flowCallbackUrl,
  type PlatformFlow,
  queuedWithSnapshots,
  requestLines,
  setUpPlatformFlow,
  smtToldOf,
  tearDownPlatformFlow,
} from './testing.js';

/**
 * Issue 13's "done when", on Mastodon and Bluesky: an approved post published through the real connector
 * and archived with the platform's id and address; a comment on it read by the moderation scan job,
 * checked, queued with its clause and snapshotted; the strongest action the platform allows taken through
 * the moderation use case; SMT told in the app and by email. Every request the connector sends is a
 * recorded exchange built from the platform's documented API (the shapes of the *.connector.test.ts files),
 * asserted exactly and in order. Facebook, Instagram and YouTube: platform-flows-meta-youtube.test.ts.
 */

// A Tuesday morning in term, London time: in school hours, so nothing is hidden by the out-of-hours cover.
const start = '2026-12-01T10:00:00.000Z';
const minutes = (n: number) => new Date(Date.parse(start) + n * 60_000);

for (const engine of testEngines()) {
  describe(`Mastodon, end to end on ${engine}`, () => {
    const origin = 'https://mastodon.example';
    const ownId = '109000000000000001';
    const postId = '113500000000000001';
    const commenter = { id: '200', acct: 'pim@elsewhere.example', display_name: 'Pim Harrowgate' };
    const status = (id: string, text: string, createdAt: string) => ({
      id,
      created_at: createdAt,
      in_reply_to_id: postId,
      in_reply_to_account_id: ownId,
      visibility: 'public',
      uri: `https://elsewhere.example/users/pim/statuses/${id}`,
      url: `https://elsewhere.example/@pim/${id}`,
      content: `<p><span class="h-card"><a href="${origin}/@news" class="u-url mention">@<span>news</span></a></span> ${text}</p>`,
      account: { ...commenter, username: 'pim', url: 'https://elsewhere.example/@pim' },
      media_attachments: [],
      mentions: [{ id: ownId, username: 'news', acct: 'news', url: `${origin}/@news` }],
    });
    const ourPost = {
      id: postId,
      created_at: minutes(1).toISOString(),
      in_reply_to_id: null,
      content: '<p>Year 4 planted twelve oaks today.</p>',
      account: { id: ownId, username: 'news', acct: 'news', display_name: 'Fernhill news' },
    };
    const abusive = status(
      '113500000000000052',
      'shut up you stupid cow, nobody wants your oaks',
      minutes(6).toISOString(),
    );
    const kind = status('113500000000000051', 'Well done Year 4, lovely to see', minutes(5).toISOString());
    const bearer = 'Bearer tok-news';
    let flow: PlatformFlow | undefined;

    beforeAll(async () => {
      flow = await setUpPlatformFlow({
        engine,
        start: minutes(0),
        platform: 'mastodon',
        handle: '@news',
        exchanges: [
          {
            method: 'POST',
            origin,
            path: '/api/v1/apps',
            status: 200,
            body: { id: '7', name: 'Guardpost', client_id: 'cid-1', client_secret: 'csecret-1' },
          },
          {
            method: 'POST',
            origin,
            path: '/oauth/token',
            status: 200,
            body: {
              access_token: 'tok-news',
              token_type: 'Bearer',
              scope: mastodonScopes,
              created_at: 1796205600,
            },
          },
          {
            method: 'GET',
            origin,
            path: '/api/v1/accounts/verify_credentials',
            status: 200,
            body: { id: ownId, username: 'news', acct: 'news', display_name: 'Fernhill news' },
          },
          {
            method: 'POST',
            origin,
            path: '/api/v1/statuses',
            status: 200,
            body: {
              ...ourPost,
              url: `${origin}/@news/${postId}`,
              uri: `${origin}/users/news/statuses/${postId}`,
            },
          },
          // Notifications come newest first; each reply's thread is read for the moderator's context.
          {
            method: 'GET',
            origin,
            path: '/api/v1/notifications?types%5B%5D=mention&limit=40',
            status: 200,
            body: [
              {
                id: '302',
                type: 'mention',
                created_at: abusive.created_at,
                account: abusive.account,
                status: abusive,
              },
              {
                id: '301',
                type: 'mention',
                created_at: kind.created_at,
                account: kind.account,
                status: kind,
              },
            ],
          },
          {
            method: 'GET',
            origin,
            path: `/api/v1/statuses/${abusive.id}/context`,
            status: 200,
            body: { ancestors: [ourPost], descendants: [] },
          },
          {
            method: 'GET',
            origin,
            path: `/api/v1/statuses/${kind.id}/context`,
            status: 200,
            body: { ancestors: [ourPost], descendants: [] },
          },
          // The next scan reads forward from the cursor: nothing new.
          {
            method: 'GET',
            origin,
            path: '/api/v1/notifications?types%5B%5D=mention&limit=40&min_id=302',
            status: 200,
            body: [],
          },
          {
            method: 'POST',
            origin,
            path: '/api/v1/reports',
            status: 200,
            body: {
              id: '9001',
              action_taken: false,
              category: 'other',
              comment: 'Abuse under a school post',
              forwarded: true,
              status_ids: [abusive.id],
            },
          },
          {
            method: 'POST',
            origin,
            path: `/api/v1/accounts/${commenter.id}/block`,
            status: 200,
            body: { id: commenter.id, blocking: true, following: false },
          },
        ],
      });
    });
    afterAll(() => tearDownPlatformFlow(flow));

    it('publishes, reads the reply, queues it under clause 2.3, reports and blocks its author, and tells SMT', async () => {
      if (!flow) throw new Error('set up');
      const { t, http, deps, clock, school, accountId } = flow;

      // 1. The approved account is connected by its owner, through the instance's own OAuth app.
      const { authorizeUrl } = await startConnection(
        t.db,
        school.owner.actor,
        { accountId, baseUrl: 'mastodon.example' },
        deps.connect,
      );
      const state = new URL(authorizeUrl).searchParams.get('state') ?? '';
      await completeConnection(t.db, school.owner.actor, { state, code: 'code-1' }, deps.connect);
      const connection = await t.db
        .selectFrom('platform_connections')
        .selectAll()
        .where('account_id', '=', accountId)
        .executeTakeFirstOrThrow();
      expect(connection).toMatchObject({
        status: 'connected',
        platform: 'mastodon',
        platform_account_id: ownId,
        handle: '@news@mastodon.example',
        base_url: origin,
      });
      expect(Buffer.from(connection.credentials_sealed ?? '').toString('latin1')).not.toContain('tok-news');

      // 2. An approved post, published through the connector and archived with the status's id and address.
      clock.set(minutes(1));
      const post = await approvedPost(t.db, deps, school, accountId, 'Year 4 planted twelve oaks today.');
      const publication = await publishThroughConnector(
        t.db,
        school.owner.actor,
        { schoolId: school.schoolId, postId: post, altTexts: {} },
        deps.publish,
      );
      const { archive, publication: row } = await archiveOf(t.db, post);
      expect(publication).toMatchObject({
        status: 'published',
        platformPostId: postId,
        url: `${origin}/@news/${postId}`,
        archiveId: archive.id,
      });
      expect(archive).toMatchObject({
        published_url: `${origin}/@news/${postId}`,
        platform_post_id: postId,
        text: 'Year 4 planted twelve oaks today.',
        account_id: accountId,
      });
      expect(row).toMatchObject({ platform_post_id: postId, archive_id: archive.id, status: 'published' });

      // 3. The scan job reads the replies since the feed's cursor; the engine checks both, one is queued.
      clock.set(minutes(10));
      expect(await deps.scan()).toBe(1);
      const feed = await t.db
        .selectFrom('moderation_feeds')
        .selectAll()
        .where('account_id', '=', accountId)
        .executeTakeFirstOrThrow();
      expect(feed).toMatchObject({ cursor: '302', status: 'active', last_read_at: minutes(10) });
      clock.set(minutes(13));
      expect(await deps.scan()).toBe(1);
      expect(
        (
          await t.db
            .selectFrom('moderation_feeds')
            .select('cursor')
            .where('account_id', '=', accountId)
            .executeTakeFirstOrThrow()
        ).cursor,
      ).toBe('302');

      const [item, ...others] = await queuedWithSnapshots(t.db, accountId);
      expect(others).toEqual([]);
      if (!item) throw new Error('the reply was queued');
      expect(item).toMatchObject({
        platform_comment_id: abusive.id,
        platform_post_id: postId,
        author_platform_id: commenter.id,
        verdict: 'block',
        clauses: ['2.3'],
        state: 'open',
        taken_at: minutes(10),
      });
      expect(item.findings.map((f) => f.rule)).toContain('language.abuse');
      expect(item.content).toMatchObject({
        text: '@news shut up you stupid cow, nobody wants your oaks',
        authorHandle: '@pim@elsewhere.example',
        platformPostId: postId,
        url: abusive.url,
      });
      expect(item.content?.context).toEqual([
        { platformId: postId, authorHandle: '@news', text: 'Year 4 planted twelve oaks today.' },
      ]);
      expect(item.sha256).toBe(item.recomputedSha256);

      // 4. Mastodon lets nobody hide or delete another's reply: the queue offers report and block, and both are done.
      const [queued] = await listModerationItems(deps.moderation(), school.smt.actor, school.schoolId, {
        id: item.id,
        limit: 10,
      });
      expect(queued).toMatchObject({
        id: item.id,
        clauses: ['2.3'],
        actions: ['report', 'block', 'dismiss'],
        sha256: item.sha256,
      });
      clock.set(minutes(15));
      expect(
        await takeActionIn(deps.moderation(), school.smt.actor, item.id, { action: 'hide' }).catch(
          (e) => e.code,
        ),
      ).toBe('ModerationActionNotAvailable');
      expect(
        await takeActionIn(deps.moderation(), school.smt.actor, item.id, {
          action: 'report',
          reason: 'Abuse under a school post',
        }),
      ).toMatchObject({ outcome: 'done', state: 'actioned' });
      expect(
        await takeActionIn(deps.moderation(), school.smt.actor, item.id, { action: 'block' }),
      ).toMatchObject({ outcome: 'done', state: 'actioned' });

      // Every request, in order, with its credentials.
      expect(requestLines(http)).toEqual([
        `POST ${origin}/api/v1/apps -`,
        `POST ${origin}/oauth/token -`,
        `GET ${origin}/api/v1/accounts/verify_credentials ${bearer}`,
        `POST ${origin}/api/v1/statuses ${bearer}`,
        `GET ${origin}/api/v1/notifications?types%5B%5D=mention&limit=40 ${bearer}`,
        `GET ${origin}/api/v1/statuses/${abusive.id}/context ${bearer}`,
        `GET ${origin}/api/v1/statuses/${kind.id}/context ${bearer}`,
        `GET ${origin}/api/v1/notifications?types%5B%5D=mention&limit=40&min_id=302 ${bearer}`,
        `POST ${origin}/api/v1/reports ${bearer}`,
        `POST ${origin}/api/v1/accounts/${commenter.id}/block ${bearer}`,
      ]);
      const sent = http.sent();
      expect(Object.fromEntries(new URLSearchParams(sent[1]?.body))).toEqual({
        grant_type: 'authorization_code',
        code: 'code-1',
        client_id: 'cid-1',
        client_secret: 'csecret-1',
        redirect_uri: flowCallbackUrl,
        scope: mastodonScopes,
      });
      expect(sent[3]?.headers['idempotency-key']).toBe(`guardpost:${post}:${publication.revision}`);
      expect(JSON.parse(sent[3]?.body ?? '')).toEqual({
        status: 'Year 4 planted twelve oaks today.',
        media_ids: [],
        visibility: 'public',
      });
      expect(JSON.parse(sent[8]?.body ?? '')).toEqual({
        account_id: commenter.id,
        status_ids: [abusive.id],
        comment: 'Abuse under a school post',
        forward: true,
        category: 'other',
      });
      expect(sent[9]?.body).toBe('');
      http.assertAllUsed();

      // 5. SMT and the headteacher are told of each action, in the app and by email, with the snapshot's hash.
      const told = await smtToldOf(t.db, school.schoolId, item.sha256);
      const smt = [school.smt.actor, school.head.actor];
      expect(told.notifications).toHaveLength(4);
      expect(new Set(told.notifications.map((n) => n.staff_id))).toEqual(new Set(smt.map((a) => a.staffId)));
      expect(told.notifications.map((n) => n.title).sort()).toEqual([
        'A comment on a school account had its author blocked by Sade Brannock (clause 2.6)',
        'A comment on a school account had its author blocked by Sade Brannock (clause 2.6)',
        'A comment on a school account was reported to the platform by Sade Brannock (clause 2.6)',
        'A comment on a school account was reported to the platform by Sade Brannock (clause 2.6)',
      ]);
      for (const n of told.notifications) {
        expect(n.link).toBe(linkToModerationItem(item.id));
        expect(matchRoute(n.link ?? '')?.route).toBe('moderation');
        expect(n.body).toContain('shut up you stupid cow');
      }
      // The link opens that one comment in the queue, now actioned, for the headteacher too.
      const linked = new URL(told.notifications[0]?.link ?? '', 'https://guardpost.example').searchParams;
      expect(
        await listModerationItems(deps.moderation(), school.head.actor, school.schoolId, {
          id: linked.get('item') ?? '',
          limit: 100,
        }),
      ).toMatchObject([{ id: item.id, state: 'actioned', actions: ['report', 'block'] }]);
      expect(told.emails.map((e) => e.to_address).sort()).toEqual(
        [...smt, ...smt].map((a) => a.email.toLowerCase()).sort(),
      );
      expect(told.emails[0]?.text_body).toContain(`Address: ${abusive.url}`);

      // And the email really leaves: delivered by the worker's email job to a real SMTP server.
      expect(await deliveredMailWith(flow, item.sha256)).toEqual(
        [school.smt.actor.email, school.head.actor.email].map((e) => e.toLowerCase()).sort(),
      );

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
        'moderation.action_taken',
      ]);
      expect(await verifyAuditChain(t.db, school.schoolId)).toMatchObject({ ok: true });
    });
  });
}
