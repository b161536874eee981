import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import exifr from 'exifr';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripImageMetadata } from '../checks/images/check-images.js';
import { buildConsentFamily } from '../consent/testing.js';
import { signInAs, type TestSignIn } from '../platform/auth/test-session.js';
import { testEngines } from '../platform/db/test-db.js';
import { createTestApp, type TestApp } from '../server/test-app.js';
import { buildPostingAccount } from './testing.js';

// @vladmandic/human ships a photo of one adult's face (the library author's demo), read from node_modules.
const require = createRequire(import.meta.url);
const facePhoto = path.join(
  path.dirname(path.dirname(require.resolve('@vladmandic/human'))),
  'assets',
  'screenshot-faceid.jpg',
);

function multipartPhotos(photos: readonly Buffer[]) {
  const boundary = '----guardpost-posts-boundary';
  const parts: Buffer[] = [];
  for (const [i, photo] of photos.entries()) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="photos"; filename="p${i}.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
      ),
      photo,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

for (const engine of testEngines()) {
  describe(`posts on ${engine}`, () => {
    let t: TestApp;
    let schoolId: string;
    let otherSchoolId: string;
    let author: TestSignIn;
    let manager: TestSignIn;
    let smt: TestSignIn;
    let head: TestSignIn;
    let outsider: TestSignIn;
    let otherSchoolAdmin: TestSignIn;
    let accountId: string;
    let managerAccountId: string;
    let face: Buffer;
    let plain: Buffer;

    beforeAll(async () => {
      t = await createTestApp(engine);
      const db = t.testDb.db;
      const insertSchool = async (name: string) =>
        (
          await db
            .insertInto('schools')
            .values({ name, official_email_domains: ['posts.example'] })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      schoolId = await insertSchool('Posts Test School');
      otherSchoolId = await insertSchool('Other Posts School');
      const now = t.clock.now();
      author = await signInAs(db, { schoolId, roles: ['staff'], now });
      manager = await signInAs(db, { schoolId, roles: ['manager'], now });
      smt = await signInAs(db, { schoolId, roles: ['smt'], now });
      head = await signInAs(db, { schoolId, roles: ['headteacher'], now });
      outsider = await signInAs(db, { schoolId, roles: ['staff'], now });
      otherSchoolAdmin = await signInAs(db, { schoolId: otherSchoolId, roles: ['admin', 'smt'], now });
      accountId = await buildPostingAccount(db, { schoolId, ownerIds: [author.actor.staffId], key: 'a' });
      managerAccountId = await buildPostingAccount(db, {
        schoolId,
        ownerIds: [manager.actor.staffId],
        key: 'm',
      });
      face = Buffer.from(await stripImageMetadata(new Uint8Array(await readFile(facePhoto))));
      plain = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#58a' } })
        .jpeg()
        .toBuffer();
    });
    afterAll(async () => {
      await t.close();
    });

    async function compose(as: TestSignIn, body: Record<string, unknown>) {
      return t.app.inject({ method: 'POST', url: '/api/posts', headers: as.headers, payload: body });
    }
    async function addPhotos(as: TestSignIn, postId: string, photos: Buffer[]) {
      const { payload, contentType } = multipartPhotos(photos);
      return t.app.inject({
        method: 'POST',
        url: `/api/posts/${postId}/photos`,
        headers: { ...as.headers, 'content-type': contentType },
        payload,
      });
    }
    async function post(as: TestSignIn, url: string, payload: Record<string, unknown> = {}) {
      return t.app.inject({ method: 'POST', url, headers: as.headers, payload });
    }
    async function grant(pupilId: string, carerId: string) {
      const response = await post(head, '/api/consents', {
        pupilId,
        purpose: 'social_media',
        state: 'granted',
        carerId,
        evidenceReference: 'FORM-POSTS',
        givenOn: '2026-11-20',
      });
      expect(response.statusCode).toBe(201);
    }

    it('refuses a post on an account that is not approved, or that the author does not own (clause 2.2)', async () => {
      const pending = await buildPostingAccount(t.testDb.db, {
        schoolId,
        ownerIds: [author.actor.staffId],
        key: 'pending',
        status: 'submitted',
      });
      const notApproved = await compose(author, { accountId: pending, text: 'Hello' });
      expect(notApproved.statusCode).toBe(409);
      expect(notApproved.json().error.code).toBe('AccountNotApproved');
      const notOwner = await compose(outsider, { accountId, text: 'Hello' });
      expect(notOwner.statusCode).toBe(403);
      expect(notOwner.json().error.code).toBe('NotAccountOwner');
    });

    it('blocks a post whose photo shows a tagged pupil without written consent', async () => {
      const family = await buildConsentFamily(t.testDb.db, { schoolId, key: 'NC' });
      const created = await compose(author, {
        accountId,
        text: 'Art club made masks today.',
        taggedPupils: [family.pupilId],
      });
      expect(created.statusCode).toBe(201);
      // Whoever may see the post sees whom it tags, as the roster names them.
      expect(created.json().taggedPupilDetails).toEqual([
        expect.objectContaining({ id: family.pupilId, givenName: 'PupilNC', familyName: 'Testfamily' }),
      ]);
      const withPhoto = await addPhotos(author, created.json().id, [face]);
      expect(withPhoto.statusCode).toBe(200);
      expect(withPhoto.json().verdict).toBe('block');
      expect(withPhoto.json().findings).toContainEqual(
        expect.objectContaining({ rule: 'image.consent', clause: '2.4', pupilId: family.pupilId }),
      );
      const ready = await post(author, `/api/posts/${created.json().id}/ready`);
      expect(ready.statusCode).toBe(409);
      expect(ready.json().error.code).toBe('PostBlocked');
      const publish = await post(author, `/api/posts/${created.json().id}/publish`, {
        publishedUrl: 'https://x.com/posts_a/status/1',
      });
      expect(publish.json().error.code).toBe('PostNotReady');
    });

    it("blocks a pupil's name in the caption of a post with a photo of children", async () => {
      const family = await buildConsentFamily(t.testDb.db, { schoolId, key: 'NM' });
      await grant(family.pupilId, family.carerId);
      const created = await compose(author, {
        accountId,
        text: 'Well done PupilNM Testfamily on the team photo!',
        taggedPupils: [family.pupilId],
      });
      const withPhoto = await addPhotos(author, created.json().id, [face]);
      expect(withPhoto.json().verdict).toBe('block');
      const found = withPhoto.json().findings.map((f: { rule: string }) => f.rule);
      expect(found).toContain('image.named');
      expect(found).toContain('pupil.name');
      // Fixing it (initials, no surname) lets it through.
      const fixed = await t.app.inject({
        method: 'PUT',
        url: `/api/posts/${created.json().id}`,
        headers: author.headers,
        payload: { text: 'Well done to the whole team!', taggedPupils: [family.pupilId] },
      });
      expect(fixed.statusCode).toBe(200);
      expect(fixed.json()).toMatchObject({ verdict: 'pass', revision: 3 });
    });

    it("checks unsaved content with the post's stored photos: a first name beside a face blocks, nothing is stored", async () => {
      const family = await buildConsentFamily(t.testDb.db, { schoolId, key: 'DC' });
      await grant(family.pupilId, family.carerId);
      const created = await compose(author, {
        accountId,
        text: 'Sports day today.',
        taggedPupils: [family.pupilId],
      });
      const postId = created.json().id;
      expect((await addPhotos(author, postId, [face])).json().verdict).toBe('pass');
      const draft = { text: 'Well done PupilDC on the sack race!', taggedPupils: [family.pupilId] };

      // Without the photos (what the composer used to send to POST /api/checks) a first name asks for review…
      const textOnly = await post(author, '/api/checks', { kind: 'post', ...draft });
      expect(textOnly.json().verdict).toBe('review');
      // …with the stored photo (a face in it) the server blocks it, as a save would.
      const checked = await post(author, `/api/posts/${postId}/check`, draft);
      expect(checked.statusCode).toBe(200);
      expect(checked.json().verdict).toBe('block');
      const rules = checked.json().findings.map((f: { rule: string }) => f.rule);
      expect(rules).toEqual(expect.arrayContaining(['image.named', 'pupil.name', 'image.faces']));
      const named = checked.json().findings.find((f: { rule: string }) => f.rule === 'pupil.name');
      expect(named).toMatchObject({ clause: expect.any(String), clauseTitle: expect.any(String) });
      expect(draft.text.slice(named.start, named.end)).toBe('PupilDC');
      // The one-click fix is the same as POST /api/checks offers: the name as initials.
      expect(checked.json().redactedText).toBe(textOnly.json().redactedText);
      expect(checked.json().redactedText).not.toContain('PupilDC');
      // The same content saved gets the same verdict and findings.
      const saved = await t.app.inject({
        method: 'PUT',
        url: `/api/posts/${postId}`,
        headers: author.headers,
        payload: draft,
      });
      expect(saved.json().verdict).toBe('block');
      expect(
        saved
          .json()
          .findings.map((f: { rule: string }) => f.rule)
          .sort(),
      ).toEqual([...rules].sort());

      // Nothing is written by a check: the post keeps its revision and text.
      const again = await post(author, `/api/posts/${postId}/check`, { text: 'Sports day, well done all.' });
      expect(again.json().verdict).toBe('block'); // a face, and neither a tag nor "no pupil identifiable"
      const after = await t.app.inject({
        method: 'GET',
        url: `/api/posts/${postId}`,
        headers: author.headers,
      });
      expect(after.json()).toMatchObject({ revision: saved.json().revision, text: draft.text });

      // An approver may read the post and check it; a member of staff who does not own the account may not.
      expect((await post(manager, `/api/posts/${postId}/check`, draft)).json().verdict).toBe('block');
      const stranger = await post(outsider, `/api/posts/${postId}/check`, draft);
      expect(stranger.statusCode).toBe(404);
      expect(stranger.json().error.code).toBe('PostNotFound');
      const elsewhere = await post(otherSchoolAdmin, `/api/posts/${postId}/check`, draft);
      expect(elsewhere.statusCode).toBe(404);

      // Bad input is refused with where it is wrong.
      const contradict = await post(author, `/api/posts/${postId}/check`, {
        ...draft,
        noIdentifiablePupils: true,
      });
      expect(contradict.statusCode).toBe(400);
      expect(contradict.json().error.code).toBe('TagsContradict');
      const tooLong = await post(author, `/api/posts/${postId}/check`, { text: 'x'.repeat(20_001) });
      expect(tooLong.statusCode).toBe(400);
    });

    it('stores photos re-encoded without EXIF or GPS, with the SHA-256 of the stored bytes', async () => {
      const gpsPhoto = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#a85' } })
        .jpeg()
        .withExif({
          IFD0: { Make: 'TestCam', Artist: 'Generated' },
          IFD3: {
            GPSLatitudeRef: 'N',
            GPSLatitude: '51/1 30/1 0/1',
            GPSLongitudeRef: 'W',
            GPSLongitude: '0/1 7/1 0/1',
          },
        })
        .toBuffer();
      expect(await exifr.gps(gpsPhoto)).toBeDefined();
      const created = await compose(author, {
        accountId,
        text: 'Our new garden',
        noIdentifiablePupils: true,
      });
      const withPhoto = await addPhotos(author, created.json().id, [gpsPhoto]);
      expect(withPhoto.statusCode).toBe(200);
      // The stored photo has no metadata, so the location rule has nothing to say.
      expect(withPhoto.json().verdict).toBe('pass');
      const [photo] = withPhoto.json().photos;
      const stored = await t.app.inject({
        method: 'GET',
        url: `/api/posts/${created.json().id}/photos/${photo.id}`,
        headers: author.headers,
      });
      expect(stored.statusCode).toBe(200);
      const meta = await sharp(stored.rawPayload).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.iptc).toBeUndefined();
      expect(await exifr.gps(stored.rawPayload).catch(() => undefined)).toBeUndefined();
      const { createHash } = await import('node:crypto');
      expect(createHash('sha256').update(stored.rawPayload).digest('hex')).toBe(photo.sha256);
      const thumb = await t.app.inject({
        method: 'GET',
        url: `/api/posts/${created.json().id}/photos/${photo.id}?size=thumbnail`,
        headers: author.headers,
      });
      expect((await sharp(thumb.rawPayload).metadata()).format).toBe('jpeg');
      const bad = await addPhotos(author, created.json().id, [Buffer.from('not an image')]);
      expect(bad.json().error.code).toBe('UnsupportedImageFormat');
    });

    it('refuses self-approval; another manager approves with a reason; publication writes an immutable archive', async () => {
      const settings = await t.app.inject({
        method: 'PUT',
        url: `/api/posts/account-settings/${managerAccountId}`,
        headers: head.headers,
        payload: { requiresApproval: true },
      });
      expect(settings.json()).toEqual({ accountId: managerAccountId, requiresApproval: true });
      const family = await buildConsentFamily(t.testDb.db, { schoolId, key: 'AP' });
      await grant(family.pupilId, family.carerId);
      const created = await compose(manager, {
        accountId: managerAccountId,
        text: 'Sports day medals.',
        taggedPupils: [family.pupilId],
      });
      const postId = created.json().id;
      await addPhotos(manager, postId, [face, plain]);
      const ready = await post(manager, `/api/posts/${postId}/ready`);
      expect(ready.json()).toMatchObject({ status: 'awaiting_approval', verdict: 'pass', publication: null });
      const early = await post(manager, `/api/posts/${postId}/publish`, {
        publishedUrl: 'https://x.com/m/1',
      });
      expect(early.json().error.code).toBe('PostNotReady');
      const self = await post(manager, `/api/posts/${postId}/approve`, { reason: 'Looks fine to me' });
      expect(self.statusCode).toBe(403);
      expect(self.json().error.code).toBe('SelfApprovalRefused');
      const noReason = await post(smt, `/api/posts/${postId}/approve`, { reason: '' });
      expect(noReason.statusCode).toBe(400);
      const queue = await t.app.inject({
        method: 'GET',
        url: '/api/posts?scope=approval_queue',
        headers: smt.headers,
      });
      expect(queue.json().map((p: { id: string }) => p.id)).toContain(postId);
      const approved = await post(smt, `/api/posts/${postId}/approve`, {
        reason: 'Consent checked, no names',
      });
      expect(approved.statusCode).toBe(200);
      expect(approved.json().status).toBe('ready');
      const published = await post(manager, `/api/posts/${postId}/publish`, {
        publishedUrl: 'https://x.com/posts_m/status/42',
      });
      expect(published.statusCode).toBe(201);
      const record = published.json();
      expect(record).toMatchObject({
        text: 'Sports day medals.',
        publishedUrl: 'https://x.com/posts_m/status/42',
        verdict: 'pass',
        taggedPupils: [{ pupilId: family.pupilId, consentState: 'granted', expiresOn: '2027-08-31' }],
        approvals: [
          expect.objectContaining({
            approverStaffId: smt.actor.staffId,
            reason: 'Consent checked, no names',
          }),
        ],
        publishedBy: expect.objectContaining({ staffId: manager.actor.staffId }),
      });
      expect(record.photos).toHaveLength(2);
      expect(record.photos[0].sha256).toMatch(/^[0-9a-f]{64}$/);

      // The post view carries its archive record: the author sees where it went out, SMT may open the
      // record, and another manager (who may read the post but not the archive) sees neither address nor link.
      const viewAs = async (as: TestSignIn) =>
        (await t.app.inject({ method: 'GET', url: `/api/posts/${postId}`, headers: as.headers })).json();
      expect((await viewAs(manager)).publication).toEqual({
        archiveId: record.id,
        publishedAt: record.publishedAt,
        publishedUrl: 'https://x.com/posts_m/status/42',
        archiveReadable: false,
      });
      expect((await viewAs(smt)).publication).toMatchObject({
        archiveId: record.id,
        publishedUrl: 'https://x.com/posts_m/status/42',
        archiveReadable: true,
      });
      const otherManager = await signInAs(t.testDb.db, { schoolId, roles: ['manager'], now: t.clock.now() });
      expect((await viewAs(otherManager)).publication).toMatchObject({
        archiveId: record.id,
        publishedUrl: null,
        archiveReadable: false,
      });
      expect((await viewAs(author)).error.code).toBe('PostNotFound'); // not an owner of that account

      // The published post never changes, and its archive record refuses UPDATE and DELETE.
      const edit = await t.app.inject({
        method: 'PUT',
        url: `/api/posts/${postId}`,
        headers: manager.headers,
        payload: { text: 'changed' },
      });
      expect(edit.json().error.code).toBe('PostPublished');
      await expect(
        t.testDb.db
          .updateTable('post_archive')
          .set({ text: 'rewritten' })
          .where('id', '=', record.id)
          .execute(),
      ).rejects.toThrow(/immutable/);
      await expect(
        t.testDb.db.deleteFrom('post_archive').where('id', '=', record.id).execute(),
      ).rejects.toThrow(/immutable/);

      // Archive search by pupil, rule, account and date; the PDF of the record.
      const byPupil = await t.app.inject({
        method: 'GET',
        url: `/api/archive/posts?pupilId=${family.pupilId}`,
        headers: smt.headers,
      });
      expect(byPupil.json().map((r: { id: string }) => r.id)).toEqual([record.id]);
      const byRule = await t.app.inject({
        method: 'GET',
        url: `/api/archive/posts?rule=image.faces&accountId=${managerAccountId}&from=2026-11-24&to=2026-11-24`,
        headers: smt.headers,
      });
      expect(byRule.json().map((r: { id: string }) => r.id)).toEqual([record.id]);
      const none = await t.app.inject({
        method: 'GET',
        url: '/api/archive/posts?rule=pii.phone',
        headers: smt.headers,
      });
      expect(none.json()).toEqual([]);
      const forbiddenSearch = await t.app.inject({
        method: 'GET',
        url: '/api/archive/posts',
        headers: author.headers,
      });
      expect(forbiddenSearch.statusCode).toBe(403);
      const pdf = await t.app.inject({
        method: 'GET',
        url: `/api/archive/posts/${record.id}/record.pdf`,
        headers: head.headers,
      });
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

      const audit = await t.testDb.db
        .selectFrom('audit_events')
        .select('type')
        .where('school_id', '=', schoolId)
        .where('subject_id', '=', postId)
        .orderBy('seq')
        .execute();
      expect(audit.map((a) => a.type)).toEqual([
        'post.saved',
        'post.photo_added',
        'post.photo_added',
        'post.marked_ready',
        'post.approved',
        'post.published',
      ]);
    });

    it('opens a takedown task for the owner and SMT when a featured pupil’s consent is withdrawn', async () => {
      const family = await buildConsentFamily(t.testDb.db, { schoolId, key: 'TD' });
      await grant(family.pupilId, family.carerId);
      const created = await compose(author, {
        accountId,
        text: 'Choir concert.',
        taggedPupils: [family.pupilId],
      });
      const postId = created.json().id;
      await addPhotos(author, postId, [face]);
      expect((await post(author, `/api/posts/${postId}/ready`)).json().status).toBe('ready');
      const published = await post(author, `/api/posts/${postId}/publish`, {
        publishedUrl: 'https://x.com/posts_a/status/7',
      });
      expect(published.statusCode).toBe(201);

      t.clock.set('2026-11-24T09:10:00Z');
      const withdrawn = await post(head, '/api/consents', {
        pupilId: family.pupilId,
        purpose: 'social_media',
        state: 'withdrawn',
        carerId: family.carerId,
        evidenceReference: 'EMAIL-WITHDRAW',
        givenOn: '2026-11-24',
      });
      expect(withdrawn.statusCode).toBe(201);

      const tasks = await t.app.inject({
        method: 'GET',
        url: '/api/takedowns?open=true',
        headers: author.headers,
      });
      expect(tasks.statusCode).toBe(200);
      expect(tasks.json()).toEqual([
        expect.objectContaining({
          archiveId: published.json().id,
          pupilId: family.pupilId,
          reason: 'withdrawn',
          publishedUrl: 'https://x.com/posts_a/status/7',
          dueAt: '2026-11-26T09:10:00.000Z',
          removedAt: null,
        }),
      ]);
      const smtTasks = await t.app.inject({
        method: 'GET',
        url: '/api/takedowns?open=true',
        headers: smt.headers,
      });
      expect(smtTasks.json().map((x: { id: string }) => x.id)).toContain(tasks.json()[0].id);
      // Someone who owns none of the accounts sees none of the tasks.
      const outsiderTasks = await t.app.inject({
        method: 'GET',
        url: '/api/takedowns',
        headers: outsider.headers,
      });
      expect(outsiderTasks.json()).toEqual([]);
      const notified = await t.testDb.db
        .selectFrom('notifications')
        .select('staff_id')
        .where('school_id', '=', schoolId)
        .where('kind', '=', 'post.takedown')
        .execute();
      const notifiedIds = notified.map((n) => n.staff_id);
      expect(notifiedIds).toContain(author.actor.staffId);
      expect(notifiedIds).toContain(smt.actor.staffId);
      expect(notifiedIds).not.toContain(outsider.actor.staffId);

      const taskId = tasks.json()[0].id;
      const byOutsider = await post(outsider, `/api/takedowns/${taskId}/removed`, {});
      expect(byOutsider.json().error.code).toBe('TakedownNotFound');
      const done = await post(author, `/api/takedowns/${taskId}/removed`, { note: 'Deleted on X' });
      expect(done.statusCode).toBe(200);
      expect(done.json().removedAt).toBe('2026-11-24T09:10:00.000Z');
      const again = await post(author, `/api/takedowns/${taskId}/removed`, {});
      expect(again.json().error.code).toBe('TakedownAlreadyDone');
      const closed = await t.app.inject({
        method: 'GET',
        url: '/api/takedowns?open=false',
        headers: smt.headers,
      });
      expect(closed.json()).toContainEqual(
        expect.objectContaining({ id: taskId, removedBy: expect.any(String), note: 'Deleted on X' }),
      );
      const opened = await t.testDb.db
        .selectFrom('audit_events')
        .select('type')
        .where('school_id', '=', schoolId)
        .where('subject_id', '=', taskId)
        .orderBy('seq')
        .execute();
      expect(opened.map((a) => a.type)).toEqual(['post.takedown_opened', 'post.takedown_removed']);
      t.clock.set('2026-11-24T09:00:00Z');
    });

    it('sends a review post for approval; an edit after approval needs approval again', async () => {
      const created = await compose(author, {
        accountId,
        text: 'Tickets for the winter fair.',
        links: ['https://bit.ly/winter-fair'],
      });
      expect(created.json().verdict).toBe('review');
      expect(created.json().findings).toContainEqual(
        expect.objectContaining({ rule: 'link.shortener', part: 'links' }),
      );
      const postId = created.json().id;
      const ready = await post(author, `/api/posts/${postId}/ready`);
      expect(ready.json().status).toBe('awaiting_approval');
      const byStaff = await post(outsider, `/api/posts/${postId}/approve`, { reason: 'fine' });
      expect(byStaff.statusCode).toBe(403);
      const approved = await post(manager, `/api/posts/${postId}/approve`, {
        reason: 'Shortener goes to our PTA page',
      });
      expect(approved.json().status).toBe('ready');
      const edited = await t.app.inject({
        method: 'PUT',
        url: `/api/posts/${postId}`,
        headers: author.headers,
        payload: { text: 'Tickets for the winter fair!', links: ['https://bit.ly/winter-fair'] },
      });
      expect(edited.json()).toMatchObject({ status: 'draft', verdict: 'review' });
      const publish = await post(author, `/api/posts/${postId}/publish`, {
        publishedUrl: 'https://x.com/a/2',
      });
      expect(publish.json().error.code).toBe('PostNotReady');
      expect((await post(author, `/api/posts/${postId}/ready`)).json().status).toBe('awaiting_approval');
    });

    it('sends a post back for changes with a reason the author sees; never your own; only while awaiting approval', async () => {
      const created = await compose(author, {
        accountId,
        text: 'Spring concert tickets.',
        links: ['https://bit.ly/spring-concert'],
      });
      const postId = created.json().id;
      const early = await post(manager, `/api/posts/${postId}/send-back`, { reason: 'Not yet sent' });
      expect(early.json().error.code).toBe('PostNotAwaitingApproval');
      expect((await post(author, `/api/posts/${postId}/ready`)).json().status).toBe('awaiting_approval');
      const byStaff = await post(outsider, `/api/posts/${postId}/send-back`, { reason: 'Looks wrong' });
      expect(byStaff.statusCode).toBe(403);
      const noReason = await post(manager, `/api/posts/${postId}/send-back`, { reason: '  ' });
      expect(noReason.statusCode).toBe(400);

      const own = await compose(manager, {
        accountId: managerAccountId,
        text: 'Choir news.',
        links: ['https://bit.ly/choir-news'],
      });
      expect((await post(manager, `/api/posts/${own.json().id}/ready`)).json().status).toBe(
        'awaiting_approval',
      );
      const self = await post(manager, `/api/posts/${own.json().id}/send-back`, { reason: 'My own post' });
      expect(self.statusCode).toBe(403);
      expect(self.json().error.code).toBe('SelfReviewRefused');

      const reason = 'Use the full address of the concert page, not a shortened link';
      const returned = await post(smt, `/api/posts/${postId}/send-back`, { reason });
      expect(returned.statusCode).toBe(200);
      expect(returned.json()).toMatchObject({
        status: 'draft',
        returns: [{ returnedByStaffId: smt.actor.staffId, reason, revision: created.json().revision }],
        approvals: [],
      });
      const seen = await t.app.inject({
        method: 'GET',
        url: `/api/posts/${postId}`,
        headers: author.headers,
      });
      expect(seen.json().returns).toEqual([expect.objectContaining({ reason })]);
      expect(seen.json().abilities).toMatchObject({ edit: true, markReady: true });
      const queue = await t.app.inject({
        method: 'GET',
        url: '/api/posts?scope=approval_queue',
        headers: smt.headers,
      });
      expect(queue.json().map((p: { id: string }) => p.id)).not.toContain(postId);
      const twice = await post(manager, `/api/posts/${postId}/send-back`, { reason: 'Again' });
      expect(twice.json().error.code).toBe('PostNotAwaitingApproval');

      const notified = await t.testDb.db
        .selectFrom('notifications')
        .select(['staff_id', 'link'])
        .where('school_id', '=', schoolId)
        .where('kind', '=', 'post.sent_back')
        .execute();
      expect(notified).toEqual([{ staff_id: author.actor.staffId, link: `/posts/${postId}` }]);
      const audit = await t.testDb.db
        .selectFrom('audit_events')
        .select(['type', 'data'])
        .where('school_id', '=', schoolId)
        .where('subject_id', '=', postId)
        .where('type', '=', 'post.sent_back')
        .execute();
      expect(audit).toHaveLength(1);
      // The audit log records that it happened, not the reason.
      expect(JSON.stringify(audit[0]?.data)).not.toContain('concert');
    });

    it('opens no takedown task when only a consent for another purpose ends', async () => {
      const family = await buildConsentFamily(t.testDb.db, { schoolId, key: 'WS' });
      await grant(family.pupilId, family.carerId);
      const web = {
        pupilId: family.pupilId,
        purpose: 'website',
        carerId: family.carerId,
        givenOn: '2026-11-20',
      };
      expect(
        (await post(head, '/api/consents', { ...web, state: 'granted', evidenceReference: 'W1' })).statusCode,
      ).toBe(201);
      const created = await compose(author, {
        accountId,
        text: 'Library week.',
        taggedPupils: [family.pupilId],
      });
      await post(author, `/api/posts/${created.json().id}/ready`);
      const published = await post(author, `/api/posts/${created.json().id}/publish`, {
        publishedUrl: 'https://x.com/posts_a/status/9',
      });
      expect(published.statusCode).toBe(201);
      expect(
        (await post(head, '/api/consents', { ...web, state: 'withdrawn', evidenceReference: 'W2' }))
          .statusCode,
      ).toBe(201);
      const tasks = await t.app.inject({ method: 'GET', url: '/api/takedowns', headers: smt.headers });
      expect(tasks.json().filter((x: { pupilId: string }) => x.pupilId === family.pupilId)).toEqual([]);
    });

    it('keeps schools apart', async () => {
      const family = await buildConsentFamily(t.testDb.db, { schoolId, key: 'XS' });
      const created = await compose(author, { accountId, text: 'Trip to the museum.' });
      const postId = created.json().id;
      const read = await t.app.inject({
        method: 'GET',
        url: `/api/posts/${postId}`,
        headers: otherSchoolAdmin.headers,
      });
      expect(read.statusCode).toBe(404);
      expect(read.json().error.code).toBe('PostNotFound');
      const approve = await post(otherSchoolAdmin, `/api/posts/${postId}/approve`, {
        reason: 'from elsewhere',
      });
      expect(approve.statusCode).toBe(404);
      const onTheirAccount = await compose(otherSchoolAdmin, { accountId, text: 'Hello' });
      expect(onTheirAccount.json().error.code).toBe('AccountNotFound');
      const otherAccount = await buildPostingAccount(t.testDb.db, {
        schoolId: otherSchoolId,
        ownerIds: [otherSchoolAdmin.actor.staffId],
        key: 'other',
      });
      const tagging = await compose(otherSchoolAdmin, {
        accountId: otherAccount,
        text: 'Hello',
        taggedPupils: [family.pupilId],
      });
      expect(tagging.json().error.code).toBe('PupilNotFound');
      const archive = await t.app.inject({
        method: 'GET',
        url: '/api/archive/posts',
        headers: otherSchoolAdmin.headers,
      });
      expect(archive.json()).toEqual([]);
      const takedowns = await t.app.inject({
        method: 'GET',
        url: '/api/takedowns',
        headers: otherSchoolAdmin.headers,
      });
      expect(takedowns.json()).toEqual([]);
    });
  });
}
