import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeConnection, startConnection } from '../connectors/connect-account.js';
import { testEngines } from '../platform/db/test-db.js';
import { readSoonAfterWebhook } from './read-soon-after-webhook.js';
import {
  flowCallbackUrl,
  flowMetaApp,
  type PlatformFlow,
  queuedWithSnapshots,
  requestLines,
  setUpPlatformFlow,
  tearDownPlatformFlow,
} from './testing.js';

/**
 * A webhook's whole path on a Facebook Page: the Page is polled and has nothing; seconds later Meta says a
 * comment arrived; the scan the delivery queued runs at its slot's end and reads the comment through the
 * Graph API (recorded exchanges, as platform-flows.facebook.test.ts), well before the next poll was due.
 */

const start = '2026-12-01T10:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(start) + seconds * 1000);
const unix = (date: Date) => String(Math.floor(date.getTime() / 1000));
const query = (values: Record<string, string>) => new URLSearchParams(values).toString();

for (const engine of testEngines()) {
  describe(`a Meta webhook makes a Page's comment read within seconds, on ${engine}`, () => {
    const origin = 'https://graph.facebook.com';
    const pageId = '104000000000311';
    const postId = `${pageId}_900000000000311`;
    const commentId = '900000000000311_77';
    const feedPath = (since: Date) =>
      `/v24.0/${pageId}/feed?${query({ fields: 'id,message,updated_time', since: unix(since), limit: '25' })}`;
    const commentsPath = `/v24.0/${postId}/comments?${query({
      filter: 'stream',
      order: 'reverse_chronological',
      fields: 'id,message,created_time,from{id,name},parent{id},permalink_url,is_hidden,can_hide',
      limit: '100',
    })}`;
    const day = 86_400_000;
    let flow: PlatformFlow | undefined;

    beforeAll(async () => {
      flow = await setUpPlatformFlow({
        engine,
        start: at(0),
        platform: 'facebook',
        handle: '@brackenlea',
        exchanges: [
          {
            method: 'GET',
            origin,
            path: `/v24.0/oauth/access_token?${query({ client_id: flowMetaApp.clientId, redirect_uri: flowCallbackUrl, client_secret: flowMetaApp.clientSecret, code: 'code-7' })}`,
            status: 200,
            body: { access_token: 'EAAshort', token_type: 'bearer', expires_in: 5183944 },
          },
          {
            method: 'GET',
            origin,
            path: `/v24.0/oauth/access_token?${query({ grant_type: 'fb_exchange_token', client_id: flowMetaApp.clientId, client_secret: flowMetaApp.clientSecret, fb_exchange_token: 'EAAshort' })}`,
            status: 200,
            body: { access_token: 'EAAlong', token_type: 'bearer' },
          },
          {
            method: 'GET',
            origin,
            path: `/v24.0/me/accounts?${query({ fields: 'id,name,username,access_token' })}`,
            status: 200,
            body: {
              data: [
                { id: pageId, name: 'Brackenlea School', username: 'brackenlea', access_token: 'EAAPage' },
              ],
            },
          },
          // The poll at 10:01:00 finds nothing; the webhook's scan at 10:01:25 finds the comment.
          {
            method: 'GET',
            origin,
            path: feedPath(new Date(at(60).getTime() - day)),
            status: 200,
            body: { data: [] },
          },
          {
            method: 'GET',
            origin,
            path: feedPath(new Date(at(85).getTime() - day)),
            status: 200,
            body: {
              data: [
                { id: postId, message: 'Sports day results.', updated_time: '2026-12-01T10:01:20+0000' },
              ],
            },
          },
          {
            method: 'GET',
            origin,
            path: commentsPath,
            status: 200,
            body: {
              data: [
                {
                  id: commentId,
                  message: 'shut up you stupid cow, nobody cares',
                  created_time: '2026-12-01T10:01:20+0000',
                  from: { id: '7311', name: 'Wren Galloway' },
                  permalink_url: `https://www.facebook.com/${postId}?comment_id=77`,
                  is_hidden: false,
                  can_hide: true,
                },
              ],
            },
          },
        ],
      });
    });
    afterAll(() => tearDownPlatformFlow(flow));

    it('reads the comment in the scan the delivery queued, before the next poll', async () => {
      if (!flow) throw new Error('set up');
      const { t, http, deps, clock, school, accountId } = flow;
      const { authorizeUrl } = await startConnection(t.db, school.owner.actor, { accountId }, deps.connect);
      const state = new URL(authorizeUrl).searchParams.get('state') ?? '';
      await completeConnection(t.db, school.owner.actor, { state, code: 'code-7' }, deps.connect);

      clock.set(at(60));
      expect(await deps.scan()).toBe(1);
      expect(await queuedWithSnapshots(t.db, accountId)).toEqual([]);

      // 10:01:20, a comment; Meta tells us. The next poll would be at 10:03:00.
      clock.set(at(80));
      expect(
        await readSoonAfterWebhook(t.db, clock.now(), [{ platform: 'facebook', platformAccountId: pageId }]),
      ).toEqual({
        matched: 1,
        scanQueued: true,
      });
      expect(await deps.runQueuedScans()).toBe(0);
      clock.set(at(85));
      expect(await deps.runQueuedScans()).toBe(1);
      const [item, ...others] = await queuedWithSnapshots(t.db, accountId);
      expect(others).toEqual([]);
      expect(item).toMatchObject({
        platform_comment_id: commentId,
        verdict: 'block',
        taken_at: at(85),
      });
      expect(item?.content).toMatchObject({ text: 'shut up you stupid cow, nobody cares' });
      expect(requestLines(http).slice(-3)).toEqual([
        `GET ${origin}${feedPath(new Date(at(60).getTime() - day))} Bearer EAAPage`,
        `GET ${origin}${feedPath(new Date(at(85).getTime() - day))} Bearer EAAPage`,
        `GET ${origin}${commentsPath} Bearer EAAPage`,
      ]);
    });
  });
}
