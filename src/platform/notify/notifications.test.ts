import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENERIC_EMAIL, notify } from '../../notifications/notify.js';
import { createTestApp, type TestApp } from '../../server/test-app.js';
import { linkTo } from '../../shared/links.js';
import { signInAs, type TestSignIn } from '../auth/test-session.js';
import { testEngines } from '../db/test-db.js';
import { EMAIL_SEND_QUEUE } from './email.js';

for (const engine of testEngines()) {
  describe(`notifications on ${engine}`, () => {
    let t: TestApp;
    let schoolId: string;
    let reader: TestSignIn;
    let other: TestSignIn;
    beforeAll(async () => {
      t = await createTestApp(engine);
      const db = t.testDb.db;
      schoolId = (
        await db
          .insertInto('schools')
          .values({ name: 'Notify School', official_email_domains: ['notify.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      reader = await signInAs(db, { schoolId, roles: ['staff'], now: t.clock.now() });
      other = await signInAs(db, { schoolId, roles: ['staff'], now: t.clock.now() });
      await db.transaction().execute(async (tx) => {
        for (const title of ['First', 'Second', 'Third']) {
          t.clock.advance(1000);
          await notify(tx, {
            schoolId,
            staffIds: [reader.actor.staffId],
            kind: 'policy.acknowledgement_reminder',
            title,
            link: linkTo('policy'),
            now: t.clock.now(),
          });
        }
        await notify(tx, {
          schoolId,
          staffIds: [other.actor.staffId],
          kind: 'concern.handed_on',
          title: 'A concern needs you',
          email: true,
          now: t.clock.now(),
        });
      });
    });
    afterAll(async () => {
      await t.close();
    });

    const get = (who: TestSignIn, query = '') =>
      t.app.inject({ method: 'GET', url: `/api/notifications${query}`, headers: { cookie: who.cookie } });

    it('lists only my notifications, newest first, a page at a time', async () => {
      const first = await get(reader, '?limit=2');
      expect(first.statusCode).toBe(200);
      expect(first.json().items.map((n: { title: string }) => n.title)).toEqual(['Third', 'Second']);
      expect(first.json().unreadCount).toBe(3);
      const second = await get(reader, `?limit=2&cursor=${first.json().nextCursor}`);
      expect(second.json().items.map((n: { title: string }) => n.title)).toEqual(['First']);
      expect(second.json().nextCursor).toBeNull();
      const theirs = await get(other);
      expect(theirs.json().items.map((n: { title: string }) => n.title)).toEqual(['A concern needs you']);
      expect((await t.app.inject({ method: 'GET', url: '/api/notifications' })).statusCode).toBe(401);
    });

    it('marks one read, refuses someone else’s, then marks all read', async () => {
      const mine = (await get(reader)).json().items[0];
      const read = await t.app.inject({
        method: 'POST',
        url: `/api/notifications/${mine.id}/read`,
        headers: reader.headers,
      });
      expect(read.statusCode).toBe(200);
      expect(read.json().readAt).toBe(t.clock.now().toISOString());
      const theirs = (await get(other)).json().items[0];
      const refused = await t.app.inject({
        method: 'POST',
        url: `/api/notifications/${theirs.id}/read`,
        headers: reader.headers,
      });
      expect(refused.statusCode).toBe(404);
      expect(refused.json().error.code).toBe('NotificationNotFound');
      expect((await get(reader, '?unread=true')).json().items).toHaveLength(2);
      const all = await t.app.inject({
        method: 'POST',
        url: '/api/notifications/read-all',
        headers: reader.headers,
      });
      expect(all.json()).toEqual({ updated: 2 });
      expect((await get(reader)).json().unreadCount).toBe(0);
      expect((await get(other)).json().unreadCount).toBe(1);
    });

    it('emails only the generic sign-in message, never the notification itself', async () => {
      const mail = await t.testDb.db
        .selectFrom('email_outbox')
        .selectAll()
        .where('to_address', '=', other.actor.email)
        .execute();
      expect(mail).toHaveLength(1);
      expect(mail[0]?.subject).toBe(GENERIC_EMAIL.subject);
      expect(mail[0]?.text_body).not.toContain('concern');
      const jobs = await t.testDb.db
        .selectFrom('jobs')
        .select('id')
        .where('queue', '=', EMAIL_SEND_QUEUE)
        .execute();
      expect(jobs).toHaveLength(1);
    });

    it('refuses a link that does not open the page its kind declares (the old /concerns/<id>)', async () => {
      const send = (kind: Parameters<typeof notify>[1]['kind'], link: string) =>
        notify(t.testDb.db, {
          schoolId,
          staffIds: [reader.actor.staffId],
          kind,
          title: 'A safeguarding concern awaits you',
          link,
          now: t.clock.now(),
        });
      const id = '00000000-0000-4000-8000-000000000001';
      await expect(send('concern.awaiting', `/concerns/${id}`)).rejects.toMatchObject({
        code: 'InvalidNotification',
      });
      await expect(send('concern.awaiting', linkTo('takedowns'))).rejects.toMatchObject({
        code: 'InvalidNotification',
      });
      await expect(send('concern.awaiting', linkTo('concern', { id }))).resolves.toEqual({ notified: 1 });
    });
  });
}
