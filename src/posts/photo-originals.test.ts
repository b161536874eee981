import exifr from 'exifr';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rotateKeys } from '../cli/keys.command.js';
import { signInAs, type TestSignIn } from '../platform/auth/test-session.js';
import { createKeyring, generateMasterKey } from '../platform/crypto/envelope.js';
import { loadKeyring } from '../platform/crypto/keyring.js';
import { testEngines } from '../platform/db/test-db.js';
import { isAppError } from '../platform/errors.js';
import { createTestApp, type TestApp } from '../server/test-app.js';
import { getPhotoOriginal, keepPhotoOriginals } from './photo-originals.js';
import { buildPostingAccount } from './testing.js';

function multipartPhotos(photos: readonly Buffer[]) {
  const boundary = '----guardpost-originals-boundary';
  const parts: Buffer[] = [];
  for (const [i, photo] of photos.entries()) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="photos"; filename="o${i}.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
      ),
      photo,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A generated JPEG carrying a camera make and a GPS position, as a phone would write them. */
async function gpsJpeg(background: string): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'OriginalsCam', Model: 'Generated 7' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '52/1 12/1 0/1',
        GPSLongitudeRef: 'W',
        GPSLongitude: '1/1 30/1 0/1',
      },
    })
    .toBuffer();
}

for (const engine of testEngines()) {
  describe(`photo originals on ${engine}`, () => {
    let t: TestApp;
    let schoolId: string;
    let author: TestSignIn;
    let smt: TestSignIn;
    let head: TestSignIn;
    let admin: TestSignIn;
    let manager: TestSignIn;
    let colleague: TestSignIn;
    let otherSmt: TestSignIn;
    let accountId: string;

    beforeAll(async () => {
      t = await createTestApp(engine);
      const db = t.testDb.db;
      const insertSchool = async (name: string) =>
        (
          await db
            .insertInto('schools')
            .values({ name, official_email_domains: ['originals.example'] })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      schoolId = await insertSchool('Originals Test School');
      const otherSchoolId = await insertSchool('Other Originals School');
      const now = t.clock.now();
      author = await signInAs(db, { schoolId, roles: ['staff'], now });
      smt = await signInAs(db, { schoolId, roles: ['smt'], now });
      head = await signInAs(db, { schoolId, roles: ['headteacher'], now });
      admin = await signInAs(db, { schoolId, roles: ['admin'], now });
      manager = await signInAs(db, { schoolId, roles: ['manager'], now });
      colleague = await signInAs(db, { schoolId, roles: ['staff'], now });
      otherSmt = await signInAs(db, { schoolId: otherSchoolId, roles: ['smt', 'headteacher'], now });
      accountId = await buildPostingAccount(db, { schoolId, ownerIds: [author.actor.staffId], key: 'orig' });
    });
    afterAll(async () => {
      await t.close();
    });

    async function settings(as: TestSignIn, payload?: unknown) {
      return t.app.inject({
        method: payload === undefined ? 'GET' : 'PUT',
        url: '/api/posts/school-settings',
        headers: as.headers,
        ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
      });
    }
    async function postWithPhoto(photo: Buffer): Promise<{ postId: string; photoId: string }> {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/posts',
        headers: author.headers,
        payload: { accountId, text: 'Sports day relay', noIdentifiablePupils: true },
      });
      expect(created.statusCode).toBe(201);
      const { payload, contentType } = multipartPhotos([photo]);
      const added = await t.app.inject({
        method: 'POST',
        url: `/api/posts/${created.json().id}/photos`,
        headers: { ...author.headers, 'content-type': contentType },
        payload,
      });
      expect(added.statusCode).toBe(200);
      const [stored] = added.json().photos;
      return { postId: created.json().id, photoId: stored.id };
    }
    async function original(as: TestSignIn, ids: { postId: string; photoId: string }) {
      return t.app.inject({
        method: 'GET',
        url: `/api/posts/${ids.postId}/photos/${ids.photoId}/original`,
        headers: as.headers,
      });
    }
    /** The `originalKept` flag of each photo on the post, as this person's post view gives it. */
    async function keptFlags(as: TestSignIn, postId: string) {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/posts/${postId}`,
        headers: as.headers,
      });
      expect(response.statusCode).toBe(200);
      return (response.json().photos as { id: string; originalKept?: boolean }[]).map((p) => [
        p.id,
        p.originalKept ?? false,
      ]);
    }
    async function auditRows(type: string) {
      return t.testDb.db
        .selectFrom('audit_events')
        .selectAll()
        .where('school_id', '=', schoolId)
        .where('type', '=', type)
        .orderBy('seq')
        .execute();
    }

    it('keeps no original by default', async () => {
      const first = await settings(smt);
      expect(first.statusCode).toBe(200);
      expect(first.json()).toEqual({ keepPhotoOriginals: false, updatedAt: null });
      const ids = await postWithPhoto(await gpsJpeg('#3a6'));
      const kept = await t.testDb.db
        .selectFrom('post_photo_originals')
        .select('photo_id')
        .where('photo_id', '=', ids.photoId)
        .execute();
      expect(kept).toEqual([]);
      // Nothing kept: the post view tells SMT there is no original to download.
      expect(await keptFlags(smt, ids.postId)).toEqual([[ids.photoId, false]]);
      const response = await original(smt, ids);
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('PhotoOriginalNotFound');
    });

    it('lets SMT, the headteacher and an admin read and change the setting, audits each change, and refuses others', async () => {
      expect((await settings(head)).statusCode).toBe(200);
      expect((await settings(admin)).statusCode).toBe(200);
      for (const who of [author, manager]) {
        expect((await settings(who)).statusCode).toBe(403);
        expect((await settings(who, { keepPhotoOriginals: true })).statusCode).toBe(403);
      }
      const on = await settings(head, { keepPhotoOriginals: true });
      expect(on.statusCode).toBe(200);
      expect(on.json()).toEqual({ keepPhotoOriginals: true, updatedAt: t.clock.now().toISOString() });
      // Saving the same value again is not a change and leaves no second audit row.
      expect((await settings(smt, { keepPhotoOriginals: true })).json().keepPhotoOriginals).toBe(true);
      const off = await settings(admin, { keepPhotoOriginals: false });
      expect(off.json().keepPhotoOriginals).toBe(false);
      const rows = await auditRows('post.school_settings_changed');
      expect(rows.map((r) => [r.actor_staff_id, r.data])).toEqual([
        [head.actor.staffId, { keepPhotoOriginals: true, previous: false }],
        [admin.actor.staffId, { keepPhotoOriginals: false, previous: true }],
      ]);
      // Another school's SMT sees and changes only their own school's setting.
      expect((await settings(otherSmt)).json().keepPhotoOriginals).toBe(false);
      expect((await settings(smt)).json().keepPhotoOriginals).toBe(false);
    });

    it('refuses a bad settings body with 400 and changes nothing', async () => {
      for (const body of [{}, { keepPhotoOriginals: 'yes' }, { keepPhotoOriginals: true, extra: 1 }]) {
        const response = await settings(smt, body);
        expect(response.statusCode).toBe(400);
      }
      expect((await settings(smt)).json().keepPhotoOriginals).toBe(false);
    });

    it('when on, keeps the original sealed; SMT and the headteacher download it (audited), nobody else', async () => {
      expect((await settings(smt, { keepPhotoOriginals: true })).statusCode).toBe(200);
      const upload = await gpsJpeg('#a63');
      expect(await exifr.gps(upload)).toBeDefined();
      const ids = await postWithPhoto(upload);

      const row = await t.testDb.db
        .selectFrom('post_photo_originals')
        .selectAll()
        .where('photo_id', '=', ids.photoId)
        .executeTakeFirstOrThrow();
      expect(row.school_id).toBe(schoolId);
      expect(row.media_type).toBe('image/jpeg');
      expect(row.size_bytes).toBe(upload.length);
      const stored = Buffer.from(row.content);
      // Sealed: neither the whole upload, nor its EXIF block, nor the camera's name is in the stored bytes.
      expect(stored.includes(upload)).toBe(false);
      expect(stored.includes(upload.subarray(0, 64))).toBe(false);
      expect(stored.includes(Buffer.from('OriginalsCam'))).toBe(false);
      const key = await t.testDb.db
        .selectFrom('data_keys')
        .select(['school_id'])
        .where('id', '=', row.data_key_id)
        .executeTakeFirstOrThrow();
      expect(key.school_id).toBe(schoolId);
      // The photo the post uses is still the re-encoded one without metadata.
      const published = await t.app.inject({
        method: 'GET',
        url: `/api/posts/${ids.postId}/photos/${ids.photoId}`,
        headers: author.headers,
      });
      expect(await exifr.gps(published.rawPayload).catch(() => undefined)).toBeUndefined();
      // The post view tells SMT and the headteacher an original was kept; the author is not told.
      expect(await keptFlags(smt, ids.postId)).toEqual([[ids.photoId, true]]);
      expect(await keptFlags(head, ids.postId)).toEqual([[ids.photoId, true]]);
      expect(await keptFlags(author, ids.postId)).toEqual([[ids.photoId, false]]);

      for (const reader of [smt, head]) {
        const response = await original(reader, ids);
        expect(response.statusCode).toBe(200);
        expect(response.headers['content-type']).toBe('image/jpeg');
        expect(response.headers['cache-control']).toBe('no-store');
        expect(response.rawPayload.equals(upload)).toBe(true);
        expect(await exifr.gps(response.rawPayload)).toMatchObject({ latitude: 52.2 });
      }
      const viewed = await auditRows('post.photo_original_viewed');
      expect(viewed.map((r) => [r.actor_staff_id, r.subject_id, r.data])).toEqual([
        [smt.actor.staffId, ids.postId, { photoId: ids.photoId }],
        [head.actor.staffId, ids.postId, { photoId: ids.photoId }],
      ]);

      // The author, a colleague, a manager and an admin without SMT are refused; another school sees nothing.
      for (const who of [author, colleague, manager, admin])
        expect((await original(who, ids)).statusCode).toBe(403);
      expect([403, 404]).toContain((await original(otherSmt, ids)).statusCode);
      // The wrong post, or ids that are not ids, find nothing.
      const elsewhere = await postWithPhoto(await gpsJpeg('#36a'));
      expect((await original(smt, { postId: elsewhere.postId, photoId: ids.photoId })).statusCode).toBe(404);
      expect((await original(smt, { postId: 'not-an-id', photoId: ids.photoId })).statusCode).toBe(404);
      expect((await auditRows('post.photo_original_viewed')).length).toBe(2);
      await settings(smt, { keepPhotoOriginals: false });
    });

    it('refuses to keep originals without a keyring rather than storing them in the clear', async () => {
      await settings(smt, { keepPhotoOriginals: true });
      const ids = await postWithPhoto(await gpsJpeg('#6a3'));
      const upload = await gpsJpeg('#63a');
      const error = await t.testDb.db
        .transaction()
        .execute((tx) =>
          keepPhotoOriginals(tx, undefined, {
            schoolId,
            now: t.clock.now(),
            photos: [{ photoId: ids.photoId, original: upload }],
          }),
        )
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(isAppError(error) ? error.code : error).toBe('PhotoOriginalsUnavailable');
      // Nothing half-stored: the original kept by the upload is still the only one for that photo.
      const stored = await t.testDb.db
        .selectFrom('post_photo_originals')
        .select('photo_id')
        .where('photo_id', '=', ids.photoId)
        .execute();
      expect(stored).toHaveLength(1);
      await settings(smt, { keepPhotoOriginals: false });
    });

    // Last: it moves the data keys to a master key the running app does not hold.
    it('keys rotate re-wraps the data key of a kept original, which then opens under the new master key alone', async () => {
      await settings(smt, { keepPhotoOriginals: true });
      const upload = await gpsJpeg('#663');
      const ids = await postWithPhoto(upload);
      await settings(smt, { keepPhotoOriginals: false });
      const before = loadKeyring(t.app.config);
      const after = createKeyring(generateMasterKey(), [before.current.key]);
      const result = await rotateKeys(t.testDb.db, after, t.clock.now());
      expect(result.rewrapped).toBeGreaterThan(0);
      const row = await t.testDb.db
        .selectFrom('post_photo_originals as o')
        .innerJoin('data_keys as k', 'k.id', 'o.data_key_id')
        .select(['k.master_key_id'])
        .where('o.photo_id', '=', ids.photoId)
        .executeTakeFirstOrThrow();
      expect(row.master_key_id).toBe(after.current.id);
      const newOnly = createKeyring(after.current.key);
      const opened = await getPhotoOriginal(t.testDb.db, newOnly, smt.actor, { schoolId, ...ids }, t.clock);
      expect(opened.bytes.equals(upload)).toBe(true);
    });
  });
}
