import { createHmac, randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConnection, buildConnectorSchool, buildRegisteredAccount } from '../connectors/testing.js';
import { createKeyring, generateMasterKey } from '../platform/crypto/envelope.js';
import { testEngines } from '../platform/db/test-db.js';
import { createTestApp, type TestApp } from '../server/test-app.js';
import { META_WEBHOOK_BODY_LIMIT } from './meta-webhook.routes.js';
import { insertFeeds } from './moderation.repository.js';

/**
 * Meta's webhooks through the app (issue 13: comments in seconds instead of minutes): the subscription
 * handshake, and signed deliveries that make the named connected account's feed due and queue one scan.
 * Payloads as Meta's Webhooks reference documents them (Page `feed` with item `comment`; Instagram
 * `comments`), with generated ids and names.
 */

const at = '2026-12-03T10:00:01.000Z';
const appSecret = 'webhook-test-app-secret-0123456789';
const verifyToken = 'verify-token-7f3c2a9e51b04d68';
const webhookConfig = {
  metaApp: { clientId: '1234567890', clientSecret: appSecret },
  metaWebhookVerifyToken: verifyToken,
  publicUrl: 'https://guardpost.school.example',
  metricsToken: 'metrics-token-0123456789abcdef',
  // Mastodon's streaming is the other push source; building the app opens no stream (the worker does).
  mastodonStreaming: true,
};

const digits = (n: number) =>
  Array.from({ length: n }, (_, i) => String(i === 0 ? randomInt(1, 10) : randomInt(0, 10))).join('');
const sign = (body: string, secret = appSecret) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

function pageCommentDelivery(pageId: string, seconds: number) {
  const postId = `${pageId}_${digits(15)}`;
  const commentId = `${postId.split('_')[1]}_${digits(6)}`;
  return {
    object: 'page',
    entry: [
      {
        id: pageId,
        time: seconds,
        changes: [
          {
            field: 'feed',
            value: {
              from: { id: digits(16), name: 'Ember Halloway' },
              post_id: postId,
              comment_id: commentId,
              created_time: seconds,
              item: 'comment',
              parent_id: postId,
              verb: 'add',
              message: 'This text is never trusted: the comment is read through the API.',
            },
          },
        ],
      },
    ],
  };
}

function instagramCommentDelivery(igUserId: string, seconds: number) {
  return {
    object: 'instagram',
    entry: [
      {
        id: igUserId,
        time: seconds,
        changes: [
          {
            field: 'comments',
            value: {
              from: { id: digits(17), username: 'quill.marrow' },
              media: { id: digits(17), media_product_type: 'FEED' },
              id: digits(17),
              text: 'Read through the API, not from here.',
            },
          },
        ],
      },
    ],
  };
}

for (const engine of testEngines()) {
  describe(`Meta webhooks on ${engine}`, () => {
    let t: TestApp;
    let off: TestApp;
    const pageId = digits(15);
    const igUserId = digits(17);
    let pageAccountId: string;
    let ownerHeaders: Record<string, string>;
    let igAccountId: string;

    const feedOf = (accountId: string) =>
      t.testDb.db
        .selectFrom('moderation_feeds')
        .select(['next_read_at', 'status'])
        .where('account_id', '=', accountId)
        .executeTakeFirst();
    const scanJobs = () =>
      t.testDb.db
        .selectFrom('jobs')
        .select(['run_at', 'unique_key'])
        .where('queue', '=', 'moderation.scan')
        .orderBy('run_at')
        .execute();
    const deliver = (app: TestApp, payload: unknown, signature?: string) => {
      const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
      return app.app.inject({
        method: 'POST',
        url: '/api/webhooks/meta',
        headers: {
          'content-type': 'application/json',
          ...(signature === undefined
            ? { 'x-hub-signature-256': sign(body) }
            : { 'x-hub-signature-256': signature }),
        },
        payload: body,
      });
    };
    const nowSeconds = () => Math.floor(t.clock.now().getTime() / 1000);

    beforeAll(async () => {
      t = await createTestApp(engine, at, webhookConfig);
      off = await createTestApp(engine, at);
      const db = t.testDb.db;
      const now = t.clock.now();
      const keyring = createKeyring(generateMasterKey());
      const school = await buildConnectorSchool(db, now);
      ownerHeaders = school.owner.headers;
      pageAccountId = await buildRegisteredAccount(db, {
        schoolId: school.schoolId,
        ownerIds: [school.owner.actor.staffId],
        platform: 'facebook',
        handle: 'Harbourside Academy',
      });
      igAccountId = await buildRegisteredAccount(db, {
        schoolId: school.schoolId,
        ownerIds: [school.owner.actor.staffId],
        platform: 'instagram',
        handle: '@harbourside.pe',
      });
      await buildConnection(db, keyring, {
        schoolId: school.schoolId,
        accountId: pageAccountId,
        platform: 'facebook',
        baseUrl: 'https://graph.facebook.com',
        platformAccountId: pageId,
        handle: 'Harbourside Academy',
        now,
      });
      await buildConnection(db, keyring, {
        schoolId: school.schoolId,
        accountId: igAccountId,
        platform: 'instagram',
        baseUrl: 'https://graph.facebook.com',
        platformAccountId: igUserId,
        handle: '@harbourside.pe',
        now,
      });
      // The Page's feed was read a moment ago and is next due in two minutes; Instagram's has no feed yet.
      await insertFeeds(
        db,
        [{ accountId: pageAccountId, schoolId: school.schoolId, platform: 'facebook' }],
        now,
      );
      await db
        .updateTable('moderation_feeds')
        .set({ next_read_at: new Date(now.getTime() + 120_000), last_read_at: now })
        .where('account_id', '=', pageAccountId)
        .execute();
    });
    afterAll(async () => {
      await t.close();
      await off.close();
    });

    it('answers the subscription handshake with the challenge, as text, only for our verify token', async () => {
      const right = await t.app.inject({
        method: 'GET',
        url: `/api/webhooks/meta?hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=1158201444`,
      });
      expect(right.statusCode).toBe(200);
      expect(right.headers['content-type']).toMatch(/^text\/plain/);
      expect(right.headers['cache-control']).toBe('no-store');
      expect(right.body).toBe('1158201444');
      for (const query of [
        `hub.mode=subscribe&hub.verify_token=${verifyToken}x&hub.challenge=1158201444`,
        'hub.mode=subscribe&hub.verify_token=verify-token-000000000000&hub.challenge=1158201444',
        `hub.mode=unsubscribe&hub.verify_token=${verifyToken}&hub.challenge=1158201444`,
        'hub.mode=subscribe&hub.challenge=1158201444',
      ]) {
        const wrong = await t.app.inject({ method: 'GET', url: `/api/webhooks/meta?${query}` });
        expect(wrong.statusCode, query).toBe(403);
        expect(wrong.json().error.code).toBe('WebhookVerifyTokenRejected');
      }
    });

    it('refuses a delivery with a bad or missing signature (401), and nothing changes', async () => {
      const payload = pageCommentDelivery(pageId, nowSeconds());
      const body = JSON.stringify(payload);
      for (const signature of [
        '',
        sign(body, 'another-app-secret-0123456789'),
        sign(`${body} `),
        sign(body).replace('sha256=', 'sha1='),
        'sha256=zz',
      ]) {
        const response = await deliver(t, body, signature);
        expect(response.statusCode, signature).toBe(401);
        expect(response.json().error.code).toBe('WebhookSignatureInvalid');
      }
      const missing = await t.app.inject({
        method: 'POST',
        url: '/api/webhooks/meta',
        headers: { 'content-type': 'application/json' },
        payload: body,
      });
      expect(missing.statusCode).toBe(401);
      expect((await feedOf(pageAccountId))?.next_read_at.toISOString()).toBe('2026-12-03T10:02:01.000Z');
      expect(await feedOf(igAccountId)).toBeUndefined();
      expect(await scanJobs()).toEqual([]);
    });

    it('answers 200 to a delivery naming no connected account, and nothing changes', async () => {
      const response = await deliver(t, pageCommentDelivery(digits(15), nowSeconds()));
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ received: true, accounts: 0 });
      // A like on our own Page is not a comment: nobody is named.
      const like = pageCommentDelivery(pageId, nowSeconds());
      const change = like.entry[0]?.changes[0];
      if (change) change.value.item = 'reaction';
      expect((await deliver(t, like)).json()).toEqual({ received: true, accounts: 0 });
      expect((await feedOf(pageAccountId))?.next_read_at.toISOString()).toBe('2026-12-03T10:02:01.000Z');
      expect(await scanJobs()).toEqual([]);
    });

    it('makes a connected Page’s feed due now and queues one scan for a burst of comments', async () => {
      const first = await deliver(t, pageCommentDelivery(pageId, nowSeconds()));
      expect(first.statusCode).toBe(200);
      expect(first.headers['cache-control']).toBe('no-store');
      expect(first.json()).toEqual({ received: true, accounts: 1 });
      expect((await feedOf(pageAccountId))?.next_read_at.toISOString()).toBe(at);
      t.clock.set(new Date(Date.parse(at) + 2_000));
      const second = await deliver(t, pageCommentDelivery(pageId, nowSeconds()));
      expect(second.json()).toEqual({ received: true, accounts: 1 });
      // Both in the slot ending 10:00:05: one scan, run at the slot's end.
      expect(await scanJobs()).toEqual([
        {
          run_at: new Date('2026-12-03T10:00:05.000Z'),
          unique_key: 'moderation.scan:webhook:2026-12-03T10:00:05.000Z',
        },
      ]);
    });

    it('makes a connected Instagram account’s feed due (starting it) and queues the next slot’s scan', async () => {
      t.clock.set(new Date('2026-12-03T10:00:07.000Z'));
      const response = await deliver(t, instagramCommentDelivery(igUserId, nowSeconds()));
      expect(response.json()).toEqual({ received: true, accounts: 1 });
      const feed = await feedOf(igAccountId);
      expect(feed?.status).toBe('active');
      expect(feed?.next_read_at.toISOString()).toBe('2026-12-03T10:00:07.000Z');
      expect((await scanJobs()).map((j) => j.run_at.toISOString())).toEqual([
        '2026-12-03T10:00:05.000Z',
        '2026-12-03T10:00:10.000Z',
      ]);
    });

    it('leaves a feed the platform asked to wait (a 429) waiting', async () => {
      const wait = new Date('2026-12-03T10:05:00.000Z');
      await t.testDb.db
        .updateTable('moderation_feeds')
        .set({ next_read_at: wait, rate_limited_until: wait })
        .where('account_id', '=', pageAccountId)
        .execute();
      const response = await deliver(t, pageCommentDelivery(pageId, nowSeconds()));
      expect(response.json()).toEqual({ received: true, accounts: 1 });
      expect((await feedOf(pageAccountId))?.next_read_at.toISOString()).toBe(wait.toISOString());
    });

    it('refuses a body over the limit before reading it as a delivery', async () => {
      const padding = 'x'.repeat(META_WEBHOOK_BODY_LIMIT);
      const body = JSON.stringify({ ...pageCommentDelivery(pageId, nowSeconds()), padding });
      const response = await deliver(t, body);
      expect(response.statusCode).toBe(413);
      expect(response.json().error.code).toBe('RequestTooLarge');
    });

    it('counts deliveries in /metrics by outcome, never by account', async () => {
      const response = await t.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${webhookConfig.metricsToken}` },
      });
      const count = (outcome: string) =>
        Number(
          new RegExp(
            `^guardpost_webhook_deliveries_total\\{source="meta",outcome="${outcome}"\\} (\\d+)$`,
            'm',
          ).exec(response.body)?.[1] ?? 0,
        );
      // Counters are per process: at least what this file sent so far on this engine.
      expect(count('refused')).toBeGreaterThanOrEqual(6);
      expect(count('unmatched')).toBeGreaterThanOrEqual(2);
      expect(count('read')).toBeGreaterThanOrEqual(4);
      expect(response.body).not.toContain(pageId);
    });

    it('answers 404 when webhooks are not configured, and the platforms list says polling is used', async () => {
      const handshake = await off.app.inject({
        method: 'GET',
        url: `/api/webhooks/meta?hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=1`,
      });
      expect(handshake.statusCode).toBe(404);
      expect(handshake.json().error.code).toBe('MetaWebhooksOff');
      const delivery = await deliver(off, pageCommentDelivery(pageId, nowSeconds()));
      expect(delivery.statusCode).toBe(404);
      expect(delivery.json().error.code).toBe('MetaWebhooksOff');
      const offSchool = await buildConnectorSchool(off.testDb.db, off.clock.now());
      const sources = async (app: TestApp, headers: Record<string, string>) => {
        const response = await app.app.inject({ method: 'GET', url: '/api/platforms', headers });
        const platforms = response.json().platforms as { platform: string; commentSourcesInUse: string[] }[];
        return Object.fromEntries(platforms.map((p) => [p.platform, p.commentSourcesInUse]));
      };
      expect(await sources(off, offSchool.owner.headers)).toMatchObject({
        facebook: ['poll'],
        instagram: ['poll'],
        mastodon: ['poll'],
      });
      expect(await sources(t, ownerHeaders)).toMatchObject({
        facebook: ['poll', 'webhook'],
        instagram: ['poll', 'webhook'],
        mastodon: ['poll', 'stream'],
        bluesky: ['poll'],
      });
    });
  });
}
