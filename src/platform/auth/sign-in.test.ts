import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAppWith, createTestApp, type TestApp, testConfig } from '../../server/test-app.js';
import { loadKeyring } from '../crypto/keyring.js';
import { createTestDb, testEngines } from '../db/test-db.js';
import { createLogger } from '../logger.js';
import { updateSchoolAuthSettings } from './account.service.js';
import { createAccount, signInAs } from './test-session.js';
import { newTotpSecret, totpCodeAt } from './totp.js';

const PASSWORD = 'correct horse battery staple';

function cookieFrom(setCookie: string | string[] | undefined): string {
  const header = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  if (!header) throw new Error('no Set-Cookie header');
  return header.split(';')[0] ?? '';
}

for (const engine of testEngines()) {
  describe(`sign-in on ${engine}`, () => {
    let t: TestApp;
    let schoolId: string;
    let otherSchoolId: string;
    let ipCounter = 0;
    // A fresh client address per test keeps the per-address rate limit and lockout out of each other's way.
    const nextIp = () => `10.0.0.${++ipCounter}`;

    async function newSchool(name: string): Promise<string> {
      return (
        await t.testDb.db
          .insertInto('schools')
          .values({ name, official_email_domains: ['signin.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    }

    function signIn(body: Record<string, string>, ip: string, headers: Record<string, string> = {}) {
      return t.app.inject({ method: 'POST', url: '/api/session', payload: body, remoteAddress: ip, headers });
    }

    beforeAll(async () => {
      t = await createTestApp(engine);
      schoolId = await newSchool('Sign-in School');
      otherSchoolId = await newSchool('Second School');
    });
    afterAll(async () => {
      await t.close();
    });

    it('signs in with a password: HttpOnly SameSite=Lax cookie, CSRF token, /api/me with abilities', async () => {
      const account = await createAccount(t.testDb.db, { schoolId, roles: ['staff'], password: PASSWORD });
      const response = await signIn({ email: account.email.toUpperCase(), password: PASSWORD }, nextIp());
      expect(response.statusCode).toBe(200);
      const setCookie = String(response.headers['set-cookie']);
      expect(setCookie).toMatch(/HttpOnly/);
      expect(setCookie).toMatch(/SameSite=Lax/);
      expect(setCookie).not.toMatch(/Secure/);
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
      expect(response.headers['strict-transport-security']).toBeUndefined();
      const body = response.json();
      expect(body.secondFactorPassed).toBe(true);

      const me = await t.app.inject({
        method: 'GET',
        url: '/api/me',
        headers: { cookie: cookieFrom(response.headers['set-cookie']) },
      });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({
        person: { id: account.staffId, email: account.email },
        school: { id: schoolId, name: 'Sign-in School' },
        roles: ['staff'],
        schools: [{ id: schoolId, roles: ['staff'] }],
        csrfToken: body.csrfToken,
      });
      expect(me.json().abilities).toMatchObject({ 'policy.acknowledge': true, 'audit.read': false });
    });

    it('answers InvalidCredentials alike for a wrong password and an unknown email', async () => {
      const account = await createAccount(t.testDb.db, { schoolId, roles: ['staff'], password: PASSWORD });
      const wrong = await signIn({ email: account.email, password: 'not the password at all' }, nextIp());
      const unknown = await signIn({ email: 'nobody@signin.example', password: PASSWORD }, nextIp());
      for (const response of [wrong, unknown]) {
        expect(response.statusCode).toBe(401);
        expect(response.json().error.code).toBe('InvalidCredentials');
        expect(response.headers['set-cookie']).toBeUndefined();
      }
    });

    it('asks a DSL for TOTP, refuses a wrong or replayed code, and takes each recovery code once', async () => {
      const secret = newTotpSecret();
      const account = await createAccount(t.testDb.db, {
        schoolId,
        roles: ['staff', 'dsl'],
        password: PASSWORD,
        totpSecret: secret,
        recoveryCodes: ['aaaa-bbbb-cccc', 'dddd-eeee-ffff'],
      });
      const ip = nextIp();
      const missing = await signIn({ email: account.email, password: PASSWORD }, ip);
      expect(missing.statusCode).toBe(401);
      expect(missing.json().error.code).toBe('TotpRequired');

      const wrong = await signIn({ email: account.email, password: PASSWORD, totp: '000000' }, ip);
      expect(wrong.json().error.code).toBe('InvalidTotp');

      const code = await totpCodeAt(secret, t.clock.now());
      const ok = await signIn({ email: account.email, password: PASSWORD, totp: code }, ip);
      expect(ok.statusCode).toBe(200);
      expect(ok.json().secondFactorPassed).toBe(true);
      const replay = await signIn({ email: account.email, password: PASSWORD, totp: code }, ip);
      expect(replay.json().error.code).toBe('InvalidTotp');

      const recovery = await signIn({ email: account.email, password: PASSWORD, totp: 'AAAA-BBBB-CCCC' }, ip);
      expect(recovery.statusCode).toBe(200);
      const again = await signIn({ email: account.email, password: PASSWORD, totp: 'aaaa-bbbb-cccc' }, ip);
      expect(again.statusCode).toBe(401);
      expect(again.json().error.code).toBe('InvalidTotp');
    });

    it('answers SecondFactorSecretInvalid, not 500, for a stored secret otplib refuses; a recovery code still works', async () => {
      // Both lengths passed the old GUARDPOST_DEMO_TOTP_SECRET check and were stored with the demo accounts.
      for (const secret of ['JBSWY3DPEHPK3PXP', 'JBSWY3DPEHPK3PXPJBSWY3DPE']) {
        const account = await createAccount(t.testDb.db, {
          schoolId,
          roles: ['dsl'],
          password: PASSWORD,
          totpSecret: secret,
          recoveryCodes: ['gggg-hhhh-jjjj'],
        });
        const ip = nextIp();
        const refused = await signIn({ email: account.email, password: PASSWORD, totp: '123456' }, ip);
        expect(refused.statusCode).toBe(409);
        expect(refused.json().error.code).toBe('SecondFactorSecretInvalid');
        expect(refused.json().error.message).toMatch(/ask an administrator to reset your second factor/);
        const recovery = await signIn(
          { email: account.email, password: PASSWORD, totp: 'gggg-hhhh-jjjj' },
          ip,
        );
        expect(recovery.statusCode).toBe(200);
      }
    });

    it('makes a DSL without an authenticator enrol before anything else, then hands out recovery codes', async () => {
      const account = await createAccount(t.testDb.db, { schoolId, roles: ['dsl'], password: PASSWORD });
      const response = await signIn({ email: account.email, password: PASSWORD }, nextIp());
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ secondFactorPassed: false, totpEnrolmentRequired: true });
      const headers = {
        cookie: cookieFrom(response.headers['set-cookie']),
        'x-csrf-token': response.json().csrfToken,
      };

      const blocked = await t.app.inject({ method: 'DELETE', url: '/api/sessions', headers });
      expect(blocked.statusCode).toBe(401);
      expect(blocked.json().error.code).toBe('TotpRequired');
      const me = await t.app.inject({ method: 'GET', url: '/api/me', headers });
      // GET /api/me tells the app to offer enrolment rather than ask for a code the person cannot have.
      expect(me.json()).toMatchObject({ secondFactorPassed: false, totpEnrolled: false });
      // A session waiting for its second factor may do nothing yet: every ability is named, and false.
      expect(Object.keys(me.json().abilities).length).toBeGreaterThan(10);
      expect(Object.values(me.json().abilities).filter((may) => may !== false)).toEqual([]);

      const start = await t.app.inject({ method: 'POST', url: '/api/me/totp', headers });
      expect(start.statusCode).toBe(200);
      const { secret, otpauthUri } = start.json();
      expect(otpauthUri).toMatch(/^otpauth:\/\/totp\//);
      const badConfirm = await t.app.inject({
        method: 'POST',
        url: '/api/me/totp/confirm',
        headers,
        payload: { code: '123456' },
      });
      expect(badConfirm.json().error.code).toBe('InvalidTotp');
      const confirm = await t.app.inject({
        method: 'POST',
        url: '/api/me/totp/confirm',
        headers,
        payload: { code: await totpCodeAt(secret, t.clock.now()) },
      });
      expect(confirm.statusCode).toBe(200);
      expect(confirm.json().recoveryCodes).toHaveLength(10);
      const after = await t.app.inject({ method: 'GET', url: '/api/me', headers });
      expect(after.json()).toMatchObject({ secondFactorPassed: true, totpEnrolled: true });
      expect(after.json().abilities['policy.acknowledge']).toBe(true);
    });

    it('asks everyone for a second factor when the school requires it', async () => {
      const strictSchool = await newSchool('Strict School');
      await updateSchoolAuthSettings(
        t.testDb.db,
        loadKeyring(testConfig),
        { kind: 'system', label: 'test' },
        strictSchool,
        { requireTotpForAll: true },
        t.clock.now(),
      );
      const account = await createAccount(t.testDb.db, {
        schoolId: strictSchool,
        roles: ['staff'],
        password: PASSWORD,
      });
      const response = await signIn({ email: account.email, password: PASSWORD }, nextIp());
      expect(response.json().totpEnrolmentRequired).toBe(true);
    });

    it('locks an email and address out after five failures for fifteen minutes', async () => {
      const account = await createAccount(t.testDb.db, { schoolId, roles: ['staff'], password: PASSWORD });
      const ip = nextIp();
      for (let i = 0; i < 5; i++) {
        const r = await signIn({ email: account.email, password: `wrong password ${i}` }, ip);
        expect(r.json().error.code).toBe('InvalidCredentials');
      }
      const locked = await signIn({ email: account.email, password: PASSWORD }, ip);
      expect(locked.statusCode).toBe(429);
      expect(locked.json().error.code).toBe('TooManyAttempts');
      const elsewhere = await signIn({ email: account.email, password: PASSWORD }, nextIp());
      expect(elsewhere.statusCode).toBe(200);
      t.clock.advance(16 * 60_000);
      const later = await signIn({ email: account.email, password: PASSWORD }, ip);
      expect(later.statusCode).toBe(200);
    });

    it('throttles one address trying many accounts, before any lockout applies', async () => {
      const ip = nextIp();
      const statuses: number[] = [];
      for (let i = 0; i < 31; i++) {
        const r = await signIn({ email: `spray-${i}@signin.example`, password: 'guessing a password' }, ip);
        statuses.push(r.statusCode);
        if (r.statusCode === 429) expect(r.json().error.code).toBe('TooManyAttempts');
      }
      expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
      expect(statuses[30]).toBe(429);
    });

    it('refuses state-changing requests without the session CSRF token', async () => {
      const person = await signInAs(t.testDb.db, { schoolId, roles: ['staff'], now: t.clock.now() });
      for (const headers of [
        { cookie: person.cookie },
        { cookie: person.cookie, 'x-csrf-token': 'forged' },
      ]) {
        const refused = await t.app.inject({ method: 'DELETE', url: '/api/sessions', headers });
        expect(refused.statusCode).toBe(403);
        expect(refused.json().error.code).toBe('CsrfRejected');
      }
      // An unknown route stays a plain 404 for a signed-in caller.
      const missing = await t.app.inject({
        method: 'DELETE',
        url: '/api/no-such-route',
        headers: person.headers,
      });
      expect(missing.statusCode).toBe(404);
      // Reads need no token, and the real token works.
      const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: person.cookie } });
      expect(me.json().csrfToken).toBe(person.csrf);
      const out = await t.app.inject({ method: 'DELETE', url: '/api/session', headers: person.headers });
      expect(out.statusCode).toBe(204);
      const gone = await t.app.inject({ method: 'GET', url: '/api/me', headers: person.headers });
      expect(gone.json().error.code).toBe('SignInRequired');
    });

    it('signs out everywhere', async () => {
      const a = await signInAs(t.testDb.db, { schoolId, roles: ['staff'], now: t.clock.now() });
      const b = await signInAs(t.testDb.db, {
        schoolId,
        roles: ['staff'],
        email: a.actor.email,
        now: t.clock.now(),
      });
      const out = await t.app.inject({ method: 'DELETE', url: '/api/sessions', headers: a.headers });
      expect(out.json().revoked).toBe(2);
      const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: b.headers });
      expect(me.statusCode).toBe(401);
    });

    it('switches school only to a school the person works in', async () => {
      const person = await signInAs(t.testDb.db, { schoolId, roles: ['staff'], now: t.clock.now() });
      await signInAs(t.testDb.db, {
        schoolId: otherSchoolId,
        roles: ['admin'],
        email: person.actor.email,
        now: t.clock.now(),
      });
      const switched = await t.app.inject({
        method: 'PUT',
        url: '/api/me/school',
        headers: person.headers,
        payload: { schoolId: otherSchoolId },
      });
      expect(switched.statusCode).toBe(200);
      expect(switched.json()).toMatchObject({ school: { id: otherSchoolId }, roles: ['admin'] });
      expect(switched.json().schools).toHaveLength(2);
      const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: person.headers });
      expect(me.json().school.id).toBe(otherSchoolId);
      expect(me.json().abilities['audit.read']).toBe(true);

      const stranger = await newSchool('Stranger School');
      const refused = await t.app.inject({
        method: 'PUT',
        url: '/api/me/school',
        headers: person.headers,
        payload: { schoolId: stranger },
      });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('NotAMember');
    });
  });
}

describe('sign-in in production', () => {
  it('marks the cookie Secure and sends HSTS', async () => {
    const testDb = await createTestDb('pglite');
    const app = await buildAppWith(
      { ...testConfig, env: 'production', masterKey: randomBytes(32).toString('base64') },
      {
        db: testDb.db,
        dbEngine: 'pglite',
        logger: createLogger('silent'),
      },
    );
    try {
      const school = await testDb.db
        .insertInto('schools')
        .values({ name: 'Production School', official_email_domains: ['prod.example'] })
        .returning('id')
        .executeTakeFirstOrThrow();
      const account = await createAccount(testDb.db, {
        schoolId: school.id,
        roles: ['staff'],
        password: PASSWORD,
      });
      const response = await app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { email: account.email, password: PASSWORD },
      });
      expect(response.statusCode).toBe(200);
      expect(String(response.headers['set-cookie'])).toMatch(/; Secure/);
      expect(response.headers['strict-transport-security']).toMatch(/max-age=31536000/);
    } finally {
      await app.close();
      await testDb.destroy();
    }
  });
});
