import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAppWith, createTestApp, type TestApp, testConfig } from '../../server/test-app.js';
import type { Config } from '../config.js';
import { testEngines } from '../db/test-db.js';
import { runDueJobs } from '../jobs/worker.js';
import { createLogger } from '../logger.js';
import { emailJobHandlers } from '../notify/email.jobs.js';
import { startTestSmtp, type TestSmtp } from '../notify/test-smtp.js';
import { ACCOUNT_LOCK_FAILURES, RESET_EMAILS_PER_ACCOUNT } from './attempt-limits.js';
import { createSession, SESSION_COOKIE } from './sessions.js';
import { createAccount } from './test-session.js';
import { newTotpSecret, totpCodeAt } from './totp.js';

const PASSWORD = 'correct horse battery staple';
const PROXY = '10.9.0.1';
const MINUTE = 60_000;

/** A documentation-range address, different on every call, as an attacker would make up per request. */
let madeUp = 0;
function madeUpAddress(): string {
  madeUp++;
  return `203.0.${Math.floor(madeUp / 250)}.${(madeUp % 250) + 1}`;
}

// Production as deployed before this change trusted X-Forwarded-For from anyone; these tests run the app
// in production mode so they would fail on that default.
const production: Partial<Config> = {
  env: 'production',
  masterKey: randomBytes(32).toString('base64'),
  publicUrl: 'https://gp.school.example',
};

for (const engine of testEngines()) {
  describe(`attempt limits on ${engine}`, () => {
    let t: TestApp;
    let smtp: TestSmtp;
    let schoolId: string;
    /** The same database behind a reverse proxy at PROXY, and behind one proxy hop of unknown address. */
    let behindProxy: FastifyInstance;
    let behindOneHop: FastifyInstance;

    async function otherApp(config: Partial<Config>): Promise<FastifyInstance> {
      const app = await buildAppWith(
        { ...testConfig, ...production, ...config },
        { db: t.testDb.db, dbEngine: engine, logger: createLogger('silent'), clock: t.clock },
      );
      await app.ready();
      return app;
    }

    beforeAll(async () => {
      [t, smtp] = await Promise.all([createTestApp(engine, undefined, production), startTestSmtp()]);
      schoolId = (
        await t.testDb.db
          .insertInto('schools')
          .values({ name: 'Limits School', official_email_domains: ['limits.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      behindProxy = await otherApp({ trustedProxies: [PROXY, 'fd00::/8'] });
      behindOneHop = await otherApp({ trustedProxies: 1 });
    });
    afterAll(async () => {
      await Promise.all([behindProxy.close(), behindOneHop.close()]);
      await Promise.all([t.close(), smtp.close()]);
    });

    function signIn(
      app: FastifyInstance,
      body: Record<string, string>,
      remoteAddress: string,
      forwardedFor = madeUpAddress(),
    ) {
      return app.inject({
        method: 'POST',
        url: '/api/session',
        payload: body,
        remoteAddress,
        headers: { 'x-forwarded-for': forwardedFor },
      });
    }

    /** Sends the outbox to the test SMTP server, as the email job does. */
    function deliver() {
      return runDueJobs({
        db: t.testDb.db,
        clock: t.clock,
        logger: createLogger('silent'),
        handlers: emailJobHandlers({ smtpUrl: smtp.url }),
        workerId: 'limits-test',
      });
    }

    async function lockEvents(staffId: string) {
      return t.testDb.db
        .selectFrom('audit_events')
        .select(['type', 'data', 'actor_label'])
        .where('subject_id', '=', staffId)
        .where('type', 'in', ['auth.account_locked', 'auth.password_reset_limited'])
        .execute();
    }

    it('ignores a made-up X-Forwarded-For without a trusted proxy: 60 wrong passwords, then the right one is refused', async () => {
      const account = await createAccount(t.testDb.db, { schoolId, roles: ['staff'], password: PASSWORD });
      const statuses: number[] = [];
      for (let i = 0; i < 60; i++) {
        const r = await signIn(t.app, { email: account.email, password: `wrong ${i}` }, '192.0.2.10');
        statuses.push(r.statusCode);
      }
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
      const right = await signIn(t.app, { email: account.email, password: PASSWORD }, '192.0.2.10');
      expect(right.statusCode).toBe(429);
      expect(right.headers['set-cookie']).toBeUndefined();
      // The failures were counted against the connection, not the header: no session and no other address.
      const sessions = await t.testDb.db
        .selectFrom('sessions')
        .select('id')
        .where('staff_id', '=', account.staffId)
        .execute();
      expect(sessions).toHaveLength(0);
    });

    it('takes the client address from X-Forwarded-For only when the request comes from a trusted proxy', async () => {
      const account = await createAccount(t.testDb.db, { schoolId, roles: ['staff'], password: PASSWORD });
      const body = { email: account.email, password: PASSWORD };
      const viaProxy = await signIn(behindProxy, body, PROXY, '198.51.100.1, 203.0.113.77');
      const viaIpv6Proxy = await signIn(behindProxy, body, 'fd00::5', '203.0.113.78');
      const direct = await signIn(behindProxy, body, '192.0.2.99', '203.0.113.79');
      const noProxyConfigured = await signIn(t.app, body, PROXY, '203.0.113.80');
      const oneHop = await signIn(behindOneHop, body, '192.0.2.98', 'spoofed, 203.0.113.81');
      for (const r of [viaProxy, viaIpv6Proxy, direct, noProxyConfigured, oneHop])
        expect(r.statusCode).toBe(200);
      const ips = await t.testDb.db
        .selectFrom('sessions')
        .select('ip')
        .where('staff_id', '=', account.staffId)
        .execute();
      // Through the proxy: the entry it appended (the last), not what the client put before it. Direct, or
      // with no proxy configured: the connection's own address, whatever the header says.
      expect(ips.map((r) => r.ip).sort()).toEqual(
        ['203.0.113.77', '203.0.113.78', '192.0.2.99', PROXY, '203.0.113.81'].sort(),
      );
    });

    it('locks the account after 10 wrong passwords from 60 addresses: the right password is refused, then works after the cool-down', async () => {
      const account = await createAccount(t.testDb.db, { schoolId, roles: ['staff'], password: PASSWORD });
      const codes: string[] = [];
      for (let i = 0; i < 60; i++) {
        const r = await signIn(behindProxy, { email: account.email, password: `wrong ${i}` }, PROXY);
        codes.push(r.json().error.code);
      }
      expect(codes.filter((c) => c === 'InvalidCredentials')).toHaveLength(ACCOUNT_LOCK_FAILURES);
      expect(codes.slice(ACCOUNT_LOCK_FAILURES).every((c) => c === 'AccountLocked')).toBe(true);
      const right = await signIn(behindProxy, { email: account.email, password: PASSWORD }, PROXY);
      expect(right.statusCode).toBe(429);
      expect(right.json().error).toEqual({
        code: 'AccountLocked',
        message: 'too many attempts for this account: try again in 15 minutes or reset your password',
      });
      const events = await lockEvents(account.staffId);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        type: 'auth.account_locked',
        actor_label: 'system:attempt-limits',
        data: { failures: ACCOUNT_LOCK_FAILURES, lastFailure: 'password' },
      });

      t.clock.advance(14.5 * MINUTE);
      const nearlyOver = await signIn(behindProxy, { email: account.email, password: PASSWORD }, PROXY);
      expect(nearlyOver.json().error.message).toContain('try again in 1 minute or');
      t.clock.advance(1.5 * MINUTE);
      const later = await signIn(behindProxy, { email: account.email, password: PASSWORD }, PROXY);
      expect(later.statusCode).toBe(200);
    });

    it('locks an unknown email alike, so a lock-out does not tell whether an account exists', async () => {
      const codes: string[] = [];
      for (let i = 0; i < 12; i++) {
        const r = await signIn(behindProxy, { email: 'nobody@limits.example', password: `x ${i}` }, PROXY);
        codes.push(r.json().error.code);
      }
      expect(codes.slice(0, 10).every((c) => c === 'InvalidCredentials')).toBe(true);
      expect(codes.slice(10)).toEqual(['AccountLocked', 'AccountLocked']);
    });

    it('locks the account after wrong authenticator codes from many addresses; a right code or a recovery code is then refused', async () => {
      const secret = newTotpSecret();
      const account = await createAccount(t.testDb.db, {
        schoolId,
        roles: ['staff', 'dsl'],
        password: PASSWORD,
        totpSecret: secret,
        recoveryCodes: ['gggg-hhhh-jjjj'],
      });
      const codes: string[] = [];
      for (let i = 0; i < 30; i++) {
        const wrong = String(100000 + i * 7919).slice(0, 6);
        const r = await signIn(behindProxy, { email: account.email, password: PASSWORD, totp: wrong }, PROXY);
        codes.push(r.json().error.code);
      }
      expect(codes.filter((c) => c === 'InvalidTotp')).toHaveLength(ACCOUNT_LOCK_FAILURES);
      expect(codes.slice(ACCOUNT_LOCK_FAILURES).every((c) => c === 'AccountLocked')).toBe(true);
      const totp = await totpCodeAt(secret, t.clock.now());
      const right = await signIn(behindProxy, { email: account.email, password: PASSWORD, totp }, PROXY);
      expect(right.json().error.code).toBe('AccountLocked');
      const recovery = await signIn(
        behindProxy,
        { email: account.email, password: PASSWORD, totp: 'gggg-hhhh-jjjj' },
        PROXY,
      );
      expect(recovery.json().error.code).toBe('AccountLocked');
      expect(await lockEvents(account.staffId)).toEqual([
        expect.objectContaining({
          type: 'auth.account_locked',
          data: expect.objectContaining({ lastFailure: 'second_factor' }),
        }),
      ]);
    });

    it('counts codes given to finish a single sign-on session against the same account lock', async () => {
      const secret = newTotpSecret();
      const account = await createAccount(t.testDb.db, {
        schoolId,
        roles: ['staff', 'dsl'],
        password: PASSWORD,
        totpSecret: secret,
      });
      const session = await createSession(t.testDb.db, {
        staffId: account.staffId,
        schoolId,
        secondFactorPassed: false,
        now: t.clock.now(),
      });
      const headers = { cookie: `${SESSION_COOKIE}=${session.token}`, 'x-csrf-token': session.csrfToken };
      const pass = (code: string) =>
        behindProxy.inject({
          method: 'POST',
          url: '/api/session/totp',
          payload: { code },
          remoteAddress: PROXY,
          headers: { ...headers, 'x-forwarded-for': madeUpAddress() },
        });
      for (let i = 0; i < ACCOUNT_LOCK_FAILURES; i++) {
        expect((await pass('000000')).json().error.code).toBe('InvalidTotp');
      }
      const right = await pass(await totpCodeAt(secret, t.clock.now()));
      expect(right.statusCode).toBe(429);
      expect(right.json().error.code).toBe('AccountLocked');
    });

    it('sends at most 3 reset emails per account in 15 minutes from 25 requests at many addresses, answering alike', async () => {
      const account = await createAccount(t.testDb.db, {
        schoolId,
        roles: ['staff'],
        password: PASSWORD,
        email: 'much-reset@limits.example',
      });
      const request = (email: string) =>
        behindProxy.inject({
          method: 'POST',
          url: '/api/password-reset',
          payload: { email },
          remoteAddress: PROXY,
          headers: { 'x-forwarded-for': madeUpAddress() },
        });
      const answers = new Set<string>();
      for (let i = 0; i < 25; i++) {
        const r = await request(i % 2 === 0 ? account.email : account.email.toUpperCase());
        answers.add(`${r.statusCode} ${r.body}`);
      }
      await deliver();
      expect(smtp.to(account.email)).toHaveLength(RESET_EMAILS_PER_ACCOUNT);
      const outbox = await t.testDb.db
        .selectFrom('email_outbox')
        .select('id')
        .where('to_address', '=', account.email)
        .execute();
      expect(outbox).toHaveLength(RESET_EMAILS_PER_ACCOUNT);
      expect(await lockEvents(account.staffId)).toEqual([
        expect.objectContaining({
          type: 'auth.password_reset_limited',
          data: expect.objectContaining({ limit: 3 }),
        }),
      ]);

      // An unknown address gets the same answer and nothing is sent.
      for (let i = 0; i < 5; i++) {
        const r = await request('nobody@limits.example');
        answers.add(`${r.statusCode} ${r.body}`);
      }
      expect([...answers]).toEqual(['202 null']);

      t.clock.advance(16 * MINUTE);
      expect((await request(account.email)).statusCode).toBe(202);
      await deliver();
      expect(smtp.to(account.email)).toHaveLength(RESET_EMAILS_PER_ACCOUNT + 1);
      expect(smtp.to('nobody@limits.example')).toHaveLength(0);
    });

    it('lets the owner of a locked account back in with a password reset', async () => {
      const account = await createAccount(t.testDb.db, {
        schoolId,
        roles: ['staff'],
        password: PASSWORD,
        email: 'locked-then-reset@limits.example',
      });
      for (let i = 0; i < ACCOUNT_LOCK_FAILURES; i++) {
        await signIn(behindProxy, { email: account.email, password: `wrong ${i}` }, PROXY);
      }
      expect(
        (await signIn(behindProxy, { email: account.email, password: PASSWORD }, PROXY)).statusCode,
      ).toBe(429);
      await behindProxy.inject({
        method: 'POST',
        url: '/api/password-reset',
        payload: { email: account.email },
        remoteAddress: PROXY,
      });
      await deliver();
      const raw = (smtp.to(account.email).at(-1)?.raw ?? '').replace(/=\r?\n/g, '').replace(/=3D/g, '=');
      const token = /#token=([A-Za-z0-9_-]+)/.exec(raw)?.[1] ?? '';
      const newPassword = 'a fresh passphrase after a lock';
      const confirmed = await behindProxy.inject({
        method: 'POST',
        url: '/api/password-reset/confirm',
        payload: { token, password: newPassword },
        remoteAddress: PROXY,
      });
      expect(confirmed.statusCode).toBe(204);
      const back = await signIn(behindProxy, { email: account.email, password: newPassword }, PROXY);
      expect(back.statusCode).toBe(200);
    });
  });
}
