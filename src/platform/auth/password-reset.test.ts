import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../server/test-app.js';
import { testEngines } from '../db/test-db.js';
import { createAccount, signInAs } from './test-session.js';

const OLD_PASSWORD = 'an old password nobody remembers';
const NEW_PASSWORD = 'a brand new long passphrase';

for (const engine of testEngines()) {
  describe(`password reset on ${engine}`, () => {
    let t: TestApp;
    let schoolId: string;
    beforeAll(async () => {
      t = await createTestApp(engine);
      schoolId = (
        await t.testDb.db
          .insertInto('schools')
          .values({ name: 'Reset School', official_email_domains: ['reset.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    });
    afterAll(async () => {
      await t.close();
    });

    async function outboxFor(to: string) {
      return t.testDb.db.selectFrom('email_outbox').selectAll().where('to_address', '=', to).execute();
    }

    function requestReset(email: string) {
      return t.app.inject({ method: 'POST', url: '/api/password-reset', payload: { email } });
    }

    function confirm(token: string, password: string) {
      return t.app.inject({
        method: 'POST',
        url: '/api/password-reset/confirm',
        payload: { token, password },
      });
    }

    it('answers 202 for an unknown email and queues nothing', async () => {
      const response = await requestReset('nobody@reset.example');
      expect(response.statusCode).toBe(202);
      expect(await outboxFor('nobody@reset.example')).toHaveLength(0);
    });

    it('emails a one-time link that sets the password, ends every session, and works once', async () => {
      const account = await createAccount(t.testDb.db, {
        schoolId,
        roles: ['staff'],
        password: OLD_PASSWORD,
        email: 'resetter@reset.example',
      });
      const session = await signInAs(t.testDb.db, {
        schoolId,
        roles: ['staff'],
        email: account.email,
        now: t.clock.now(),
      });
      expect((await requestReset('Resetter@reset.example')).statusCode).toBe(202);
      const [mail] = await outboxFor(account.email);
      expect(mail?.subject).toBe('Reset your Guardpost password');
      const token = /#token=([A-Za-z0-9_-]+)/.exec(mail?.text_body ?? '')?.[1];
      expect(token).toBeDefined();
      const stored = await t.testDb.db.selectFrom('password_reset_tokens').select('id').execute();
      expect(stored.map((r) => r.id)).not.toContain(token);

      const weak = await confirm(token ?? '', 'short');
      expect(weak.statusCode).toBe(400);
      expect(weak.json().error.code).toBe('WeakPassword');
      const sameAsEmail = await confirm(token ?? '', account.email);
      expect(sameAsEmail.json().error.code).toBe('WeakPassword');

      expect((await confirm(token ?? '', NEW_PASSWORD)).statusCode).toBe(204);
      const old = await t.app.inject({ method: 'GET', url: '/api/me', headers: session.headers });
      expect(old.statusCode).toBe(401);

      const signIn = (password: string) =>
        t.app.inject({ method: 'POST', url: '/api/session', payload: { email: account.email, password } });
      expect((await signIn(OLD_PASSWORD)).statusCode).toBe(401);
      expect((await signIn(NEW_PASSWORD)).statusCode).toBe(200);

      const reused = await confirm(token ?? '', 'yet another long passphrase');
      expect(reused.statusCode).toBe(400);
      expect(reused.json().error.code).toBe('InvalidResetToken');
    });

    it('refuses a link older than an hour', async () => {
      const account = await createAccount(t.testDb.db, {
        schoolId,
        roles: ['staff'],
        password: OLD_PASSWORD,
      });
      await requestReset(account.email);
      const [mail] = await outboxFor(account.email);
      const token = /#token=([A-Za-z0-9_-]+)/.exec(mail?.text_body ?? '')?.[1] ?? '';
      t.clock.advance(61 * 60_000);
      const late = await confirm(token, NEW_PASSWORD);
      expect(late.json().error.code).toBe('InvalidResetToken');
    });
  });
}
