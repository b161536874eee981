import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeConnection, startConnection } from '../connectors/connect-account.js';
import { publishThroughConnector } from '../connectors/publish-through-connector.js';
import { verifyAuditChain } from '../platform/audit/audit.js';
import { testEngines } from '../platform/db/test-db.js';
import { readLinkedPhoto } from '../posts/photo-links.js';
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
 * Issue 13's "done when" on an Instagram professional account (see platform-flows.mastodon.test.ts for the
 * shape): connected through Facebook Login (the Page's linked Instagram account), a post with one photo and
 * its alt text published through the connector (Instagram fetches the photo itself, from the signed
 * `/media/<token>` link Guardpost serves at its public address; the container is polled, published, and its
 * permalink read) and archived with the media id, a comment naming a pupil read by the scan job from the
 * recent media, queued under clause 2.4, hidden, SMT told. Requests and responses as the Instagram Graph API
 * reference documents them (v24.0: {ig-user}/media, {container} status_code, {ig-user}/media_publish,
 * {media} permalink, {media}/comments, {comment} hide), with generated names and ids.
 */

const start = '2026-12-01T10:00:00.000Z';
const minutes = (n: number) => new Date(Date.parse(start) + n * 60_000);
const query = (values: Record<string, string>) => new URLSearchParams(values).toString();

for (const engine of testEngines()) {
  describe(`Instagram, end to end on ${engine}`, () => {
    const origin = 'https://graph.facebook.com';
    const publicUrl = 'https://guardpost.fernhill.sch.uk';
    const igUserId = '17841400000000001';
    const containerId = '17890000000000001';
    const mediaId = '17900000000000001';
    const caption = 'Our Year 5 art exhibition opens today.';
    const altText = 'Year 5 paintings of the seaside hung along the hall wall';
    const permalink = 'https://www.instagram.com/p/C0abcdEF/';
    const namingId = '18000000000000002';
    const igTime = (at: Date) => at.toISOString().replace('.000Z', '+0000');
    const comments = {
      data: [
        {
          id: namingId,
          text: 'Wrenna Calloway looks so proud in this one',
          timestamp: igTime(minutes(6)),
          username: 'marlo.fenwick',
          from: { id: '17841400000000777', username: 'marlo.fenwick' },
          hidden: false,
        },
        {
          id: '18000000000000001',
          text: 'Lovely display',
          timestamp: igTime(minutes(5)),
          username: 'jem.astley',
          from: { id: '17841400000000778', username: 'jem.astley' },
          hidden: false,
        },
      ],
    };
    const media = {
      data: [
        {
          id: mediaId,
          caption,
          timestamp: igTime(minutes(2)),
          comments_count: 2,
          permalink,
        },
      ],
    };
    const mediaPath = `/v24.0/${igUserId}/media?${query({ fields: 'id,caption,timestamp,comments_count,permalink', limit: '10' })}`;
    const commentsPath = `/v24.0/${mediaId}/comments?${query({
      fields:
        'id,text,timestamp,username,from{id,username},hidden,replies{id,text,timestamp,username,from{id,username}}',
      limit: '50',
    })}`;
    const codePath = `/v24.0/oauth/access_token?${query({ client_id: flowMetaApp.clientId, redirect_uri: flowCallbackUrl, client_secret: flowMetaApp.clientSecret, code: 'code-2' })}`;
    const longPath = `/v24.0/oauth/access_token?${query({ grant_type: 'fb_exchange_token', client_id: flowMetaApp.clientId, client_secret: flowMetaApp.clientSecret, fb_exchange_token: 'EAAshort' })}`;
    const pagesPath = `/v24.0/me/accounts?${query({ fields: 'id,name,access_token,instagram_business_account{id,username}' })}`;
    const statusPath = `/v24.0/${containerId}?${query({ fields: 'status_code,status' })}`;
    const permalinkPath = `/v24.0/${mediaId}?${query({ fields: 'permalink' })}`;
    let flow: PlatformFlow | undefined;

    beforeAll(async () => {
      flow = await setUpPlatformFlow({
        engine,
        start: minutes(0),
        platform: 'instagram',
        handle: '@fernhill.arts',
        publicUrl,
        exchanges: [
          {
            method: 'GET',
            origin,
            path: codePath,
            status: 200,
            body: { access_token: 'EAAshort', token_type: 'bearer' },
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
                { id: '104000000000001', name: 'Fernhill School', access_token: 'EAAPageToken' },
                {
                  id: '104000000000002',
                  name: 'Fernhill Arts',
                  access_token: 'EAAArtsToken',
                  instagram_business_account: { id: igUserId, username: 'fernhill.arts' },
                },
              ],
            },
          },
          // Publishing: one image container, fetched and processed at the first look, then published.
          {
            method: 'POST',
            origin,
            path: `/v24.0/${igUserId}/media`,
            status: 200,
            body: { id: containerId },
          },
          {
            method: 'GET',
            origin,
            path: statusPath,
            status: 200,
            body: { status_code: 'FINISHED', id: containerId },
          },
          {
            method: 'POST',
            origin,
            path: `/v24.0/${igUserId}/media_publish`,
            status: 200,
            body: { id: mediaId },
          },
          { method: 'GET', origin, path: permalinkPath, status: 200, body: { permalink, id: mediaId } },
          { method: 'GET', origin, path: mediaPath, status: 200, body: media },
          { method: 'GET', origin, path: commentsPath, status: 200, body: comments },
          // The next scan reads the same recent media; both comments are older than the cursor.
          { method: 'GET', origin, path: mediaPath, status: 200, body: media },
          { method: 'GET', origin, path: commentsPath, status: 200, body: comments },
          { method: 'POST', origin, path: `/v24.0/${namingId}`, status: 200, body: { success: true } },
        ],
      });
    });
    afterAll(() => tearDownPlatformFlow(flow));

    it('publishes a photo post, reads the comment naming a pupil, queues it under clause 2.4, hides it, and tells SMT', async () => {
      if (!flow) throw new Error('set up');
      const { t, http, deps, clock, school, accountId } = flow;
      const bearer = 'Bearer EAAArtsToken';

      // 1. Connected through Facebook Login: the Instagram account linked to one of the person's Pages.
      const { authorizeUrl } = await startConnection(t.db, school.owner.actor, { accountId }, deps.connect);
      const state = new URL(authorizeUrl).searchParams.get('state') ?? '';
      await completeConnection(t.db, school.owner.actor, { state, code: 'code-2' }, deps.connect);
      const connection = await t.db
        .selectFrom('platform_connections')
        .selectAll()
        .where('account_id', '=', accountId)
        .executeTakeFirstOrThrow();
      expect(connection).toMatchObject({
        status: 'connected',
        platform_account_id: igUserId,
        handle: '@fernhill.arts',
      });

      // 2. A post with one photo (Instagram publishes photos only), approved, published through the
      // connector with the photo's alt text, and archived with the media id and permalink.
      clock.set(minutes(2));
      const photo = await sharp({
        create: { width: 12, height: 10, channels: 3, background: { r: 200, g: 120, b: 40 } },
      })
        .jpeg()
        .toBuffer();
      const post = await approvedPost(t.db, deps, school, accountId, caption, [photo]);
      const stored = await t.db
        .selectFrom('post_photos')
        .select(['id', 'content'])
        .where('post_id', '=', post)
        .executeTakeFirstOrThrow();
      const publication = await publishThroughConnector(
        t.db,
        school.owner.actor,
        { schoolId: school.schoolId, postId: post, altTexts: { [stored.id]: altText } },
        deps.publish,
      );
      const { archive, publication: row } = await archiveOf(t.db, post);
      expect(publication).toMatchObject({ status: 'published', platformPostId: mediaId, url: permalink });
      expect(archive).toMatchObject({ published_url: permalink, platform_post_id: mediaId, text: caption });
      expect(row).toMatchObject({
        platform: 'instagram',
        platform_post_id: mediaId,
        url: permalink,
        archive_id: archive.id,
        alt_texts: { [stored.id]: altText },
        last_error: null,
      });

      // Instagram was handed a signed link to the photo at Guardpost's public address; the container
      // carries the caption and alt text, media_publish the container, and every call the account's token.
      const sent = http.sent();
      const container = Object.fromEntries(new URLSearchParams(sent[3]?.body));
      expect(container).toEqual({ image_url: expect.any(String), caption, alt_text: altText });
      const link = new URL(container.image_url ?? '');
      const [, folder, token = ''] = link.pathname.split('/');
      expect([link.origin, folder, link.search]).toEqual([publicUrl, 'media', '']);
      expect(token.startsWith(`${stored.id}.`)).toBe(true);
      // What Instagram fetches from that link (GET /media/<token>) is the stored, re-encoded photo.
      const served = await readLinkedPhoto(t.db, deps.publish.keyring, token, clock.now());
      expect(served.equals(Buffer.from(stored.content))).toBe(true);
      expect(sent[4]?.body ?? '').toBe('');
      expect(Object.fromEntries(new URLSearchParams(sent[5]?.body))).toEqual({ creation_id: containerId });
      expect(sent[6]?.body ?? '').toBe('');

      // 3. Two scans: the comment naming a pupil is queued once; its address is the archived post's.
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
        platform_comment_id: namingId,
        platform_post_id: mediaId,
        author_platform_id: '17841400000000777',
        verdict: 'block',
        clauses: ['2.4'],
        taken_at: minutes(10),
      });
      expect(item.findings.map((f) => f.rule)).toEqual(['pupil.name']);
      expect(item.content).toMatchObject({
        text: 'Wrenna Calloway looks so proud in this one',
        authorHandle: '@marlo.fenwick',
        url: archive.published_url,
        context: [
          {
            platformId: mediaId,
            authorHandle: 'the account',
            text: caption,
          },
        ],
      });
      expect(item.sha256).toBe(item.recomputedSha256);

      // 4. Hidden; Instagram's API cannot report or block a commenter, so neither is offered.
      const [queued] = await listModerationItems(deps.moderation(), school.smt.actor, school.schoolId, {
        id: item.id,
        limit: 10,
      });
      expect(queued).toMatchObject({
        clauses: ['2.4'],
        actions: ['hide', 'delete', 'limit_replies', 'dismiss'],
      });
      clock.set(minutes(15));
      expect(
        await takeActionIn(deps.moderation(), school.smt.actor, item.id, {
          action: 'hide',
          reason: 'Names a pupil',
        }),
      ).toMatchObject({ outcome: 'done', state: 'actioned' });

      expect(requestLines(http)).toEqual([
        `GET ${origin}${codePath} -`,
        `GET ${origin}${longPath} -`,
        `GET ${origin}${pagesPath} Bearer EAAlong`,
        `POST ${origin}/v24.0/${igUserId}/media ${bearer}`,
        `GET ${origin}${statusPath} ${bearer}`,
        `POST ${origin}/v24.0/${igUserId}/media_publish ${bearer}`,
        `GET ${origin}${permalinkPath} ${bearer}`,
        `GET ${origin}${mediaPath} ${bearer}`,
        `GET ${origin}${commentsPath} ${bearer}`,
        `GET ${origin}${mediaPath} ${bearer}`,
        `GET ${origin}${commentsPath} ${bearer}`,
        `POST ${origin}/v24.0/${namingId} ${bearer}`,
      ]);
      expect(Object.fromEntries(new URLSearchParams(http.sent()[11]?.body))).toEqual({ hide: 'true' });
      http.assertAllUsed();

      // 5. SMT and the headteacher are told, in the app and by an email that really leaves (the worker's
      // email job delivers it to a real SMTP server).
      const { told, summary } = await hideReportOf(flow, item);
      expect(summary).toEqual(expectedHideReport(flow, item.id));
      expect(told.emails[0]?.text_body).toContain(`Address: ${permalink}`);

      expect(await auditTypesOf(t.db, school.schoolId, [accountId, post, item.id])).toEqual([
        'connection.started',
        'connection.connected',
        'post.account_settings_updated',
        'post.saved',
        'post.photo_added',
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
