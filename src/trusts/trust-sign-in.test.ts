import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateSchoolAuthSettings } from '../platform/auth/account.service.js';
import { RESET_EMAILS_PER_ACCOUNT } from '../platform/auth/attempt-limits.js';
import { upsertCredentials } from '../platform/auth/auth.repository.js';
import { hashPassword } from '../platform/auth/passwords.js';
import { CLIENT, signInAtProvider, startProvider } from '../platform/auth/test-oidc-provider.js';
import { createAccount } from '../platform/auth/test-session.js';
import { newTotpSecret, totpCodeAt } from '../platform/auth/totp.js';
import { loadKeyring } from '../platform/crypto/keyring.js';
import { testEngines } from '../platform/db/test-db.js';
import { createTestApp, type TestApp, testConfig } from '../server/test-app.js';
import { buildTrust } from './testing.js';

/**
 * People who hold trust roles and no school role sign in by a trust school's single sign-on and reset their
 * password like anyone else, with the trust roles' second factor and the same reset limits.
 */
for (const engine of testEngines()) {
  describe(`sign-in for trust roles only on ${engine}`, () => {
    let t: TestApp;
    let provider: Awaited<ReturnType<typeof startProvider>>;
    let trustSchoolId: string;
    let otherSchoolId: string;
    let trustId: string;

    async function ssoSchool(name: string, enforcesMfa = false): Promise<string> {
      const id = (
        await t.testDb.db
          .insertInto('schools')
          .values({ name, official_email_domains: ['trust-sso.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      await updateSchoolAuthSettings(
        t.testDb.db,
        loadKeyring(testConfig),
        { kind: 'system', label: 'test' },
        id,
        {
          oidc: {
            issuer: provider.issuer,
            clientId: CLIENT.client_id,
            clientSecret: CLIENT.client_secret,
            enforcesMfa,
          },
        },
        t.clock.now(),
      );
      return id;
    }

    /** Someone holding these trust roles and no school role, with a password and maybe an authenticator. */
    async function trustPerson(email: string, options: { totpSecret?: string; password?: string } = {}) {
      const staff = await t.testDb.db
        .insertInto('staff')
        .values({ email, given_name: 'Trusty', family_name: 'Person' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await t.testDb.db
        .insertInto('trust_memberships')
        .values({ trust_id: trustId, staff_id: staff.id, roles: ['trust_admin'] })
        .execute();
      await upsertCredentials(t.testDb.db, staff.id, {
        ...(options.password ? { password_hash: await hashPassword(options.password) } : {}),
        ...(options.totpSecret ? { totp_secret: options.totpSecret, totp_confirmed_at: t.clock.now() } : {}),
      });
      return staff.id;
    }

    beforeAll(async () => {
      [t, provider] = await Promise.all([createTestApp(engine), startProvider()]);
      trustSchoolId = await ssoSchool('Trust SSO School');
      otherSchoolId = await ssoSchool('Outside SSO School');
      trustId = await buildTrust(t.testDb.db, { name: 'SSO Trust', schoolIds: [trustSchoolId] });
    });
    afterAll(async () => {
      await Promise.all([t.close(), provider.close()]);
    });

    async function ssoAs(email: string, schoolId: string, app: FastifyInstance = t.app) {
      const start = await app.inject({
        method: 'GET',
        url: `/api/auth/oidc/${schoolId}/start`,
        headers: { host: 'guardpost.test' },
      });
      expect(start.statusCode).toBe(302);
      const back = await signInAtProvider(String(start.headers.location), email);
      return app.inject({
        method: 'GET',
        url: `${back.pathname}${back.search}`,
        headers: { host: 'guardpost.test' },
      });
    }

    function cookieOf(response: { headers: Record<string, unknown> }): string {
      const header = response.headers['set-cookie'];
      return String(Array.isArray(header) ? header[0] : header).split(';')[0] ?? '';
    }

    it('signs in by a trust school’s provider, then asks for their own authenticator code', async () => {
      const secret = newTotpSecret();
      const staffId = await trustPerson('lead@trust-sso.example', { totpSecret: secret });
      const pending = await ssoAs('lead@trust-sso.example', trustSchoolId);
      expect(pending.statusCode).toBe(302);
      expect(pending.headers.location).toBe('/sign-in/second-factor');
      const cookie = cookieOf(pending);
      const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
      expect(me.json()).toMatchObject({
        person: { id: staffId },
        school: { id: trustSchoolId },
        roles: [],
        secondFactorPassed: false,
      });
      const blocked = await t.app.inject({
        method: 'GET',
        url: `/api/trusts/${trustId}/dashboard`,
        headers: { cookie },
      });
      expect(blocked.json().error.code).toBe('TotpRequired');
      const passed = await t.app.inject({
        method: 'POST',
        url: '/api/session/totp',
        headers: { cookie, 'x-csrf-token': me.json().csrfToken },
        payload: { code: await totpCodeAt(secret, t.clock.now()) },
      });
      expect(passed.statusCode).toBe(200);
      const dashboard = await t.app.inject({
        method: 'GET',
        url: `/api/trusts/${trustId}/dashboard`,
        headers: { cookie },
      });
      expect(dashboard.statusCode).toBe(200);
      const audit = await t.testDb.db
        .selectFrom('audit_events')
        .select(['school_id', 'data'])
        .where('type', '=', 'auth.signed_in')
        .where('subject_id', '=', staffId)
        .execute();
      expect(audit).toEqual([
        { school_id: trustSchoolId, data: { method: 'oidc', secondFactor: 'pending' } },
      ]);
    });

    it('does not take the school provider’s MFA for the trust roles’ second factor', async () => {
      const strictSchool = await ssoSchool('Strict SSO School', true);
      await t.testDb.db
        .insertInto('trust_schools')
        .values({ trust_id: trustId, school_id: strictSchool })
        .execute();
      await trustPerson('exec@trust-sso.example', { totpSecret: newTotpSecret() });
      const pending = await ssoAs('exec@trust-sso.example', strictSchool);
      expect(pending.headers.location).toBe('/sign-in/second-factor');
      // A member of staff there who also holds a trust role: the same, where their colleagues pass.
      const colleague = await createAccount(t.testDb.db, {
        schoolId: strictSchool,
        roles: ['staff'],
        password: 'unused password for sso',
        email: 'colleague@trust-sso.example',
      });
      expect((await ssoAs('colleague@trust-sso.example', strictSchool)).headers.location).toBe('/');
      await t.testDb.db
        .insertInto('trust_memberships')
        .values({ trust_id: trustId, staff_id: colleague.staffId, roles: ['trust_executive'] })
        .execute();
      expect((await ssoAs('colleague@trust-sso.example', strictSchool)).headers.location).toBe(
        '/sign-in/second-factor',
      );
    });

    it('refuses someone with trust roles but no authenticator yet: this school’s provider cannot set one up', async () => {
      await trustPerson('new@trust-sso.example');
      const refused = await ssoAs('new@trust-sso.example', trustSchoolId);
      expect(refused.statusCode).toBe(302);
      expect(refused.headers.location).toBe('/sign-in?sso=OidcTrustNeedsAuthenticator');
      expect(refused.headers['set-cookie']).toBeUndefined();
    });

    it('refuses a school outside their trusts', async () => {
      await trustPerson('outside@trust-sso.example', { totpSecret: newTotpSecret() });
      const refused = await ssoAs('outside@trust-sso.example', otherSchoolId);
      expect(refused.statusCode).toBe(302);
      expect(refused.headers.location).toBe('/sign-in?sso=OidcUnknownStaff');
    });

    it('emails a reset link, within the same limit, and the new password signs them in', async () => {
      const email = 'reset@trust-sso.example';
      const staffId = await trustPerson(email, { password: 'the forgotten old passphrase' });
      for (let i = 0; i < RESET_EMAILS_PER_ACCOUNT + 2; i++) {
        const asked = await t.app.inject({ method: 'POST', url: '/api/password-reset', payload: { email } });
        expect(asked.statusCode).toBe(202);
      }
      const mails = await t.testDb.db
        .selectFrom('email_outbox')
        .select(['text_body', 'school_id'])
        .where('to_address', '=', email)
        .execute();
      expect(mails).toHaveLength(RESET_EMAILS_PER_ACCOUNT);
      expect(mails[0]?.school_id).toBe(trustSchoolId);
      const token = /#token=([A-Za-z0-9_-]+)/.exec(mails.at(-1)?.text_body ?? '')?.[1] ?? '';
      const confirmed = await t.app.inject({
        method: 'POST',
        url: '/api/password-reset/confirm',
        payload: { token, password: 'a brand new trust passphrase' },
      });
      expect(confirmed.statusCode).toBe(204);
      const changed = await t.testDb.db
        .selectFrom('audit_events')
        .select('school_id')
        .where('type', '=', 'auth.password_changed')
        .where('subject_id', '=', staffId)
        .execute();
      expect(changed).toEqual([{ school_id: trustSchoolId }]);
      const signedIn = await t.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { email, password: 'a brand new trust passphrase' },
      });
      expect(signedIn.statusCode).toBe(200);
      // Trust roles need a second factor: with none set up yet, the session waits for enrolment.
      expect(signedIn.json()).toMatchObject({ secondFactorPassed: false, totpEnrolmentRequired: true });
    });
  });
}
