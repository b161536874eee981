import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CheckContextCache } from '../checks/check-context.js';
import { verifyAuditChain } from '../platform/audit/audit.js';
import { fixedClock } from '../platform/clock.js';
import { createKeyring, generateMasterKey } from '../platform/crypto/envelope.js';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import { AppError } from '../platform/errors.js';
import { approvePost } from '../posts/approve-post.js';
import { createPost } from '../posts/create-post.js';
import { getPost } from '../posts/get-post.js';
import { markPostReady } from '../posts/mark-post-ready.js';
import { createConnectorRegistry } from './connector-registry.js';
import { createMastodonConnector } from './mastodon.connector.js';
import {
  checkAltTexts,
  getPublication,
  publishDuePosts,
  publishThroughConnector,
} from './publish-through-connector.js';
import { type RecordedExchange, type Replay, replay } from './recorded-http.js';
import { buildConnection, buildConnectorSchool, buildRegisteredAccount } from './testing.js';

const origin = 'https://mastodon.example';
const publicBase = 'https://guardpost.fernhill.sch.uk';

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('alt text', () => {
  it('is required for every photo and only for photos of the post', () => {
    expect(checkAltTexts(['p1'], { p1: '  Pupils planting trees ' })).toEqual({
      p1: 'Pupils planting trees',
    });
    const missing = (() => {
      try {
        checkAltTexts(['p1', 'p2'], { p1: 'ok', p3: 'stray' });
      } catch (error) {
        return error as AppError;
      }
    })();
    expect(missing?.code).toBe('AltTextRequired');
    expect(missing?.details).toHaveLength(2);
  });
});

for (const engine of testEngines()) {
  describe(`publishing through a connector on ${engine}`, () => {
    let t: TestDb;
    const clock = fixedClock('2026-12-03T09:00:00Z');
    const keyring = createKeyring(generateMasterKey());
    let school: Awaited<ReturnType<typeof buildConnectorSchool>>;
    let accountId: string;
    let current: Replay | undefined;
    const posts = { clock, contexts: new CheckContextCache() };

    function depsWith(exchanges: RecordedExchange[], publicUrl: string | undefined = publicBase) {
      current = replay(exchanges);
      const connectors = createConnectorRegistry([
        createMastodonConnector({ fetch: current.fetch, now: () => clock.now() }),
      ]);
      return { keyring, connectors, clock, posts, publicUrl };
    }

    async function readyPost(text: string) {
      const post = await createPost(t.db, school.owner.actor, school.schoolId, { accountId, text }, posts);
      const marked = await markPostReady(
        t.db,
        school.owner.actor,
        { schoolId: school.schoolId, postId: post.id },
        posts,
      );
      if (marked.status === 'awaiting_approval')
        await approvePost(
          t.db,
          school.smt.actor,
          { schoolId: school.schoolId, postId: post.id, reason: 'Checked: fine to go out' },
          posts,
        );
      return post.id;
    }

    beforeAll(async () => {
      t = await createTestDb(engine);
      school = await buildConnectorSchool(t.db, clock.now());
      accountId = await buildRegisteredAccount(t.db, {
        schoolId: school.schoolId,
        ownerIds: [school.owner.actor.staffId],
        platform: 'mastodon',
        handle: '@news',
      });
      await buildConnection(t.db, keyring, {
        schoolId: school.schoolId,
        accountId,
        platform: 'mastodon',
        baseUrl: origin,
        handle: '@news@mastodon.example',
        now: clock.now(),
      });
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });
    afterAll(async () => {
      await t.destroy();
    });

    it('publishes an approved post once, archiving it with the platform’s address and keeping its id', async () => {
      const postId = await readyPost('Year 4 planted twelve oaks today.');
      const deps = depsWith([
        {
          method: 'POST',
          origin,
          path: '/api/v1/statuses',
          status: 200,
          body: {
            id: '113500000000000001',
            url: `${origin}/@news/113500000000000001`,
            content: '<p>Year 4 planted twelve oaks today.</p>',
          },
        },
      ]);
      const publication = await publishThroughConnector(
        t.db,
        school.owner.actor,
        { schoolId: school.schoolId, postId, altTexts: {} },
        deps,
      );
      expect(publication).toMatchObject({
        status: 'published',
        platformPostId: '113500000000000001',
        url: `${origin}/@news/113500000000000001`,
        error: null,
      });
      const sent = current?.sent()[0];
      expect(sent?.headers['idempotency-key']).toBe(`guardpost:${postId}:${publication.revision}`);
      expect(sent?.authorization).toBe('Bearer test-access-token');
      expect(JSON.parse(sent?.body ?? '')).toEqual({
        status: 'Year 4 planted twelve oaks today.',
        media_ids: [],
        visibility: 'public',
      });
      const post = await getPost(t.db, school.owner.actor, school.schoolId, postId);
      expect(post.status).toBe('published');
      expect(post.publication?.publishedUrl).toBe(`${origin}/@news/113500000000000001`);
      expect(post.publication?.archiveId).toBe(publication.archiveId);
      const archived = await t.db
        .selectFrom('post_archive')
        .select(['published_url', 'platform_post_id'])
        .where('id', '=', publication.archiveId as string)
        .executeTakeFirstOrThrow();
      expect(archived).toEqual({
        published_url: `${origin}/@news/113500000000000001`,
        platform_post_id: '113500000000000001',
      });
      const again = await errorOf(
        publishThroughConnector(
          t.db,
          school.owner.actor,
          { schoolId: school.schoolId, postId, altTexts: {} },
          deps,
        ),
      );
      expect(again.code).toBe('AlreadyPublished');
      expect(current?.sent()).toHaveLength(1);
    });

    it('says why a publish failed, keeps the post approved, and tells the author', async () => {
      const postId = await readyPost('Concert tickets go on sale on Monday.');
      const deps = depsWith([
        {
          method: 'POST',
          origin,
          path: '/api/v1/statuses',
          status: 429,
          body: { error: 'Too many requests' },
          headers: { 'retry-after': '600' },
        },
        {
          method: 'POST',
          origin,
          path: '/api/v1/statuses',
          status: 200,
          body: { id: '113500000000000002', url: `${origin}/@news/113500000000000002` },
        },
      ]);
      const failed = await errorOf(
        publishThroughConnector(
          t.db,
          school.owner.actor,
          { schoolId: school.schoolId, postId, altTexts: {} },
          deps,
        ),
      );
      expect(failed.code).toBe('PublishFailed');
      expect(failed.message).toContain('slow down');
      expect(failed.message).toContain('10 minutes');
      expect((await getPost(t.db, school.owner.actor, school.schoolId, postId)).status).toBe('ready');
      const view = await getPublication(t.db, school.owner.actor, school.schoolId, postId);
      expect(view?.status).toBe('failed');
      expect(view?.error?.code).toBe('rate_limited');
      const notes = await t.db
        .selectFrom('notifications')
        .select(['kind', 'staff_id'])
        .where('kind', '=', 'post.publish_failed')
        .execute();
      expect(notes).toEqual([{ kind: 'post.publish_failed', staff_id: school.owner.actor.staffId }]);
      const retried = await publishThroughConnector(
        t.db,
        school.owner.actor,
        { schoolId: school.schoolId, postId, altTexts: {} },
        deps,
      );
      expect(retried.status).toBe('published');
    });

    it('publishes at the chosen time from the scheduled job, as the person who scheduled it', async () => {
      const postId = await readyPost('Sports day is on Friday.');
      const deps = depsWith([
        {
          method: 'POST',
          origin,
          path: '/api/v1/statuses',
          status: 200,
          body: { id: '113500000000000003', url: `${origin}/@news/113500000000000003` },
        },
      ]);
      const scheduled = await publishThroughConnector(
        t.db,
        school.owner.actor,
        { schoolId: school.schoolId, postId, altTexts: {}, at: new Date('2026-12-03T15:30:00Z') },
        deps,
      );
      expect(scheduled).toMatchObject({ status: 'scheduled', scheduledFor: '2026-12-03T15:30:00.000Z' });
      expect(await publishDuePosts(t.db, deps)).toEqual({ published: 0, failed: 0 });
      expect(current?.sent()).toHaveLength(0);
      const later = { ...deps, clock: fixedClock('2026-12-03T15:31:00Z') };
      expect(await publishDuePosts(t.db, later)).toEqual({ published: 1, failed: 0 });
      expect(await publishDuePosts(t.db, later)).toEqual({ published: 0, failed: 0 });
      expect(current?.sent()).toHaveLength(1);
      expect((await getPublication(t.db, school.owner.actor, school.schoolId, postId))?.status).toBe(
        'published',
      );
      expect((await verifyAuditChain(t.db, school.schoolId)).ok).toBe(true);
    });

    it('refuses someone who is not the author, and an account without a connection says to publish by hand', async () => {
      const postId = await readyPost('Open evening on the 12th.');
      const deps = depsWith([]);
      expect(
        (
          await errorOf(
            publishThroughConnector(
              t.db,
              school.colleague.actor,
              { schoolId: school.schoolId, postId, altTexts: {} },
              deps,
            ),
          )
        ).code,
      ).toMatch(/NotAllowed|Forbidden|NotFound/);
      await t.db
        .updateTable('platform_connections')
        .set({ status: 'disconnected', credentials_key_id: null, credentials_sealed: null })
        .where('account_id', '=', accountId)
        .execute();
      const error = await errorOf(
        publishThroughConnector(
          t.db,
          school.owner.actor,
          { schoolId: school.schoolId, postId, altTexts: {} },
          deps,
        ),
      );
      expect(error.code).toBe('AccountNotConnected');
      expect(error.message).toContain('by hand');
    });
  });
}
