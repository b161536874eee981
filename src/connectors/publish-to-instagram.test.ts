import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CheckContextCache } from '../checks/check-context.js';
import { verifyAuditChain } from '../platform/audit/audit.js';
import { fixedClock } from '../platform/clock.js';
import { createKeyring, generateMasterKey } from '../platform/crypto/envelope.js';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import { AppError } from '../platform/errors.js';
import { getPost } from '../posts/get-post.js';
import { PhotoAnalysisCache } from '../posts/photo-analysis-cache.js';
import { readLinkedPhoto } from '../posts/photo-links.js';
import { buildPostWithPhotos } from '../posts/testing.js';
import { createConnectorRegistry } from './connector-registry.js';
import { createInstagramConnector } from './instagram.connector.js';
import { graphOrigin as origin } from './meta-graph.js';
import { getPublication, type PublishDeps, publishThroughConnector } from './publish-through-connector.js';
import { type RecordedExchange, type Replay, replay } from './recorded-http.js';
import { buildConnection, buildConnectorSchool, buildRegisteredAccount } from './testing.js';

const publicBase = 'https://guardpost.fernhill.sch.uk';
const igUser = '17841400000000001';

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

for (const engine of testEngines()) {
  describe(`publishing an approved post to Instagram on ${engine}`, () => {
    let t: TestDb;
    const clock = fixedClock('2026-12-03T09:00:00Z');
    const keyring = createKeyring(generateMasterKey());
    // The archive re-checks the photos it keeps: with the analyser, as in production.
    const posts = { clock, contexts: new CheckContextCache(), photoAnalyses: new PhotoAnalysisCache() };
    let school: Awaited<ReturnType<typeof buildConnectorSchool>>;
    let accountId: string;
    let jpeg: Buffer;
    let current: Replay | undefined;

    function depsWith(exchanges: RecordedExchange[], publicUrl: string | undefined): PublishDeps {
      current = replay(exchanges);
      const connectors = createConnectorRegistry([
        createInstagramConnector({ fetch: current.fetch, now: () => clock.now(), pause: async () => {} }),
      ]);
      return { keyring, connectors, clock, posts, publicUrl };
    }

    async function readyPost(key: string, text: string, photos: number) {
      return buildPostWithPhotos(t.db, {
        schoolId: school.schoolId,
        authorStaffId: school.owner.actor.staffId,
        accountId,
        key,
        text,
        photos: Array.from({ length: photos }, () => jpeg),
      });
    }

    const publish = (postId: string, photoIds: readonly string[], deps: PublishDeps) =>
      publishThroughConnector(
        t.db,
        school.owner.actor,
        {
          schoolId: school.schoolId,
          postId,
          altTexts: Object.fromEntries(photoIds.map((id, i) => [id, `Photo ${i + 1} of the oak planting`])),
        },
        deps,
      );

    beforeAll(async () => {
      t = await createTestDb(engine);
      school = await buildConnectorSchool(t.db, clock.now());
      accountId = await buildRegisteredAccount(t.db, {
        schoolId: school.schoolId,
        ownerIds: [school.owner.actor.staffId],
        platform: 'instagram',
        handle: '@fernhillschool',
      });
      await buildConnection(t.db, keyring, {
        schoolId: school.schoolId,
        accountId,
        platform: 'instagram',
        baseUrl: origin,
        platformAccountId: igUser,
        handle: '@fernhillschool',
        now: clock.now(),
      });
      jpeg = await sharp({
        create: { width: 12, height: 10, channels: 3, background: { r: 40, g: 110, b: 50 } },
      })
        .jpeg()
        .toBuffer();
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });
    afterAll(async () => {
      await t.destroy();
    });

    it('hands Instagram a signed link to each photo, which serves the stored photo, and archives the permalink', async () => {
      const post = await readyPost('oaks', 'Year 4 planted twelve oaks today.', 1);
      const deps = depsWith(
        [
          {
            method: 'POST',
            origin,
            path: `/v24.0/${igUser}/media`,
            status: 200,
            body: { id: '17890000000000101' },
          },
          {
            method: 'GET',
            origin,
            path: '/v24.0/17890000000000101?fields=status_code%2Cstatus',
            status: 200,
            body: { status_code: 'FINISHED', id: '17890000000000101' },
          },
          {
            method: 'POST',
            origin,
            path: `/v24.0/${igUser}/media_publish`,
            status: 200,
            body: { id: '17900000000000301' },
          },
          {
            method: 'GET',
            origin,
            path: '/v24.0/17900000000000301?fields=permalink',
            status: 200,
            body: { permalink: 'https://www.instagram.com/p/C1oakTREE/', id: '17900000000000301' },
          },
        ],
        publicBase,
      );
      const publication = await publish(post.postId, post.photoIds, deps);
      expect(publication).toMatchObject({
        status: 'published',
        platform: 'instagram',
        platformPostId: '17900000000000301',
        url: 'https://www.instagram.com/p/C1oakTREE/',
        error: null,
      });
      const container = Object.fromEntries(new URLSearchParams(current?.sent()[0]?.body ?? ''));
      expect(container.caption).toBe('Year 4 planted twelve oaks today.');
      expect(container.alt_text).toBe('Photo 1 of the oak planting');
      const link = new URL(container.image_url ?? '');
      expect(link.origin).toBe(publicBase);
      const [, folder, token = ''] = link.pathname.split('/');
      expect(folder).toBe('media');
      expect(token.startsWith(`${post.photoIds[0]}.`)).toBe(true);
      // The link opens to the stored photo for an hour, and then to nothing.
      expect((await readLinkedPhoto(t.db, keyring, token, clock.now())).equals(jpeg)).toBe(true);
      const later = new Date(clock.now().getTime() + 60 * 60 * 1000);
      expect((await errorOf(readLinkedPhoto(t.db, keyring, token, later))).code).toBe('PhotoLinkNotFound');
      const view = await getPost(t.db, school.owner.actor, school.schoolId, post.postId);
      expect(view.status).toBe('published');
      expect(view.publication?.publishedUrl).toBe('https://www.instagram.com/p/C1oakTREE/');
      current?.assertAllUsed();
    });

    it('refuses before calling Meta when Guardpost’s address is local, and the post stays approved', async () => {
      const post = await readyPost('gates', 'Open evening on the 12th.', 2);
      const deps = depsWith([], 'http://localhost:3000');
      const failed = await errorOf(publish(post.postId, post.photoIds, deps));
      expect(failed.code).toBe('PublishFailed');
      expect(failed.message).toContain(
        'Instagram must fetch the photo from http://localhost:3000/media/…, which the internet cannot reach',
      );
      expect(failed.message).toContain('set GUARDPOST_PUBLIC_URL');
      expect(failed.message).toContain('The post stays approved');
      expect(current?.sent()).toEqual([]);
      expect((await getPost(t.db, school.owner.actor, school.schoolId, post.postId)).status).toBe('ready');
      const view = await getPublication(t.db, school.owner.actor, school.schoolId, post.postId);
      expect([view?.status, view?.error?.code]).toEqual(['failed', 'media_unreachable']);
      const unset = await errorOf(publish(post.postId, post.photoIds, depsWith([], undefined)));
      expect(unset.message).toContain('Guardpost has none: set GUARDPOST_PUBLIC_URL');
      expect(current?.sent()).toEqual([]);
    });

    it('refuses a post without a photo before claiming a publication or sending anything', async () => {
      const post = await readyPost('words', 'Sports day is on Friday.', 0);
      const refused = await errorOf(publish(post.postId, [], depsWith([], publicBase)));
      expect([refused.code, refused.kind]).toEqual(['PhotoRequired', 'conflict']);
      expect(refused.message).toBe(
        'Instagram (professional) publishes only posts with a photo: add a photo, or publish this post on another account',
      );
      expect(current?.sent()).toEqual([]);
      expect(await getPublication(t.db, school.owner.actor, school.schoolId, post.postId)).toBeNull();
      expect((await getPost(t.db, school.owner.actor, school.schoolId, post.postId)).status).toBe('ready');
      expect((await verifyAuditChain(t.db, school.schoolId)).ok).toBe(true);
    });
  });
}
