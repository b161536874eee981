import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs } from '../platform/auth/test-session.js';
import { testEngines } from '../platform/db/test-db.js';
import { createTestApp, type TestApp } from '../server/test-app.js';
import { photoLinkFor } from './photo-links.js';
import { buildPostWithPhotos } from './testing.js';

const base = 'https://guardpost.school.example';

for (const engine of testEngines()) {
  describe(`public photo links on ${engine}`, () => {
    let t: TestApp;
    let jpeg: Buffer;
    let png: Buffer;
    let ready: { postId: string; photoIds: string[] };
    let draft: { photoIds: string[] };

    /** The link's path, as the platform would ask for it (no cookie, no session). */
    const pathOf = (photoId: string) =>
      new URL(photoLinkFor(t.app.keyring, base, photoId, t.clock.now())).pathname;
    const fetchPath = (path: string) => t.app.inject({ method: 'GET', url: path });

    beforeAll(async () => {
      t = await createTestApp(engine, '2026-12-03T09:00:00Z');
      const db = t.testDb.db;
      const schoolId = (
        await db
          .insertInto('schools')
          .values({ name: 'Photo Link School', official_email_domains: ['links.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      const author = await signInAs(db, { schoolId, roles: ['staff'], now: t.clock.now() });
      const pixels = sharp({
        create: { width: 8, height: 6, channels: 3, background: { r: 20, g: 120, b: 60 } },
      });
      jpeg = await pixels.clone().jpeg().toBuffer();
      png = await pixels.clone().png().toBuffer();
      ready = await buildPostWithPhotos(db, {
        schoolId,
        authorStaffId: author.actor.staffId,
        key: 'ready',
        photos: [jpeg, png],
      });
      draft = await buildPostWithPhotos(db, {
        schoolId,
        authorStaffId: author.actor.staffId,
        key: 'draft',
        status: 'draft',
        photos: [jpeg],
      });
    });
    afterAll(async () => {
      await t.close();
    });

    it('serves an approved post’s photo as JPEG, without a session, and keeps no copy in caches', async () => {
      const path = pathOf(ready.photoIds[0] ?? '');
      expect(path).toMatch(/^\/media\/[0-9a-f-]{36}\.\d+\.[A-Za-z0-9_-]{43}$/);
      const response = await fetchPath(path);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('image/jpeg');
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.rawPayload.equals(jpeg)).toBe(true);
    });

    it('serves a photo stored as PNG encoded as JPEG (Instagram takes only JPEG), without metadata', async () => {
      const response = await fetchPath(pathOf(ready.photoIds[1] ?? ''));
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('image/jpeg');
      const meta = await sharp(response.rawPayload).metadata();
      expect([meta.format, meta.width, meta.height, meta.exif]).toEqual(['jpeg', 8, 6, undefined]);
    });

    it('answers the same bare 404 for an expired, altered, unknown or draft photo’s link', async () => {
      const valid = pathOf(ready.photoIds[0] ?? '');
      const [, , token = ''] = valid.split('/');
      const [subject, expiry, mac = ''] = token.split('.');
      const refused = [
        `/media/${subject}.${Number(expiry) + 86_400}.${mac}`,
        `/media/${subject}.${expiry}.${mac.startsWith('A') ? 'B' : 'A'}${mac.slice(1)}`,
        `/media/${ready.photoIds[1]}.${expiry}.${mac}`,
        pathOf(randomUUID()),
        pathOf(draft.photoIds[0] ?? ''),
        '/media/not-a-token',
      ];
      const bodies = new Set<string>();
      for (const path of refused) {
        const response = await fetchPath(path);
        expect(response.statusCode, path).toBe(404);
        expect(response.headers['cache-control'], path).toBe('no-store');
        bodies.add(response.body);
      }
      t.clock.advance(60 * 60 * 1000);
      const expired = await fetchPath(valid);
      expect(expired.statusCode).toBe(404);
      bodies.add(expired.body);
      t.clock.advance(-60 * 60 * 1000);
      // One answer for every refusal: nothing says whether the link expired, was forged, or its photo went.
      expect([...bodies]).toEqual([
        JSON.stringify({ error: { code: 'PhotoLinkNotFound', message: 'no such photo' } }),
      ]);
      expect((await fetchPath(valid)).statusCode).toBe(200);
    });
  });
}
