import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../server/test-app.js';
import { matchRoute } from '../../shared/links.js';
import { testEngines } from '../db/test-db.js';
import { runDueJobs } from '../jobs/worker.js';
import { createLogger } from '../logger.js';
import { emailJobHandlers } from '../notify/email.jobs.js';
import { startTestSmtp, type TestSmtp } from '../notify/test-smtp.js';
import { createAccount, signInAs } from './test-session.js';

const OLD_PASSWORD = 'an old password nobody remembers';
const NEW_PASSWORD = 'a brand new long passphrase';

/** The reset token in a received message, undoing quoted-printable soft breaks and escapes. */
function tokenIn(raw: string): string | undefined {
  const decoded = raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return /#token=([A-Za-z0-9_-]+)/.exec(decoded)?.[1];
}

for (const engine of testEngines()) {
  describe(`password reset on ${engine}`, () => {
    let t: TestApp;
    let smtp: TestSmtp;
    let schoolId: string;
    beforeAll(async () => {
      [t, smtp] = await Promise.all([createTestApp(engine), startTestSmtp()]);
      schoolId = (
        await t.testDb.db
          .insertInto('schools')
          .values({ name: 'Reset School', official_email_domains: ['reset.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    });
    afterAll(async () => {
      await Promise.all([t.close(), smtp.close()]);
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
      // Delivered for real: the outbox job sends it through SMTP, and the link is read from what arrived.
      await runDueJobs({
        db: t.testDb.db,
        clock: t.clock,
        logger: createLogger('silent'),
        handlers: emailJobHandlers({ smtpUrl: smtp.url }),
        workerId: 'reset-test',
      });
      const raw = smtp.to(account.email).at(-1)?.raw;
      expect(raw).toMatch(/^Subject: Reset your Guardpost password\r?$/m);
      const token = tokenIn(raw ?? '');
      expect(token).toBeDefined();
      // The emailed link opens the web app's reset page, with the token where no server log sees it.
      const link = new URL(mail?.text_body.match(/https?:\/\/\S+/)?.[0] ?? 'http://x/');
      expect(matchRoute(link.pathname)?.route).toBe('resetPassword');
      expect(link.search).toBe('');
      expect(link.hash).toBe(`#token=${token}`);
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

describe('password reset links behind a public address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite', undefined, { publicUrl: 'https://guardpost.reset.example' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('builds the link from GUARDPOST_PUBLIC_URL, whatever Host the request claims', async () => {
    const schoolId = (
      await t.testDb.db
        .insertInto('schools')
        .values({ name: 'Host School', official_email_domains: ['host.example'] })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const account = await createAccount(t.testDb.db, {
      schoolId,
      roles: ['staff'],
      password: OLD_PASSWORD,
      email: 'hosted@host.example',
    });
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/password-reset',
      headers: { host: 'attacker.example' },
      payload: { email: account.email },
    });
    expect(response.statusCode).toBe(202);
    const [mail] = await t.testDb.db
      .selectFrom('email_outbox')
      .select('text_body')
      .where('to_address', '=', account.email)
      .execute();
    expect(mail?.text_body).toMatch(
      /https:\/\/guardpost\.reset\.example\/reset-password#token=[A-Za-z0-9_-]+/,
    );
    expect(mail?.text_body).not.toContain('attacker.example');
  });
});
