import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rotateKeys } from '../../cli/keys.command.js';
import { buildAppWith, createTestApp, type TestApp, testConfig } from '../../server/test-app.js';
import { createKeyring, generateMasterKey } from '../crypto/envelope.js';
import { loadKeyring } from '../crypto/keyring.js';
import { testEngines } from '../db/test-db.js';
import { createLogger } from '../logger.js';
import { updateSchoolAuthSettings } from './account.service.js';
import { sealPlainOidcSecrets } from './oidc-secret.js';
import { CLIENT, REDIRECT_URI, signInAtProvider, startProvider } from './test-oidc-provider.js';
import { createAccount, signInAs } from './test-session.js';
import { newTotpSecret, totpCodeAt } from './totp.js';

const SECRET_BYTES = Buffer.from(CLIENT.client_secret, 'utf8');

for (const engine of testEngines()) {
  describe(`OpenID Connect sign-in on ${engine}`, () => {
    let t: TestApp;
    let provider: Awaited<ReturnType<typeof startProvider>>;
    let schoolId: string;

    beforeAll(async () => {
      [t, provider] = await Promise.all([createTestApp(engine), startProvider()]);
      schoolId = (
        await t.testDb.db
          .insertInto('schools')
          .values({ name: 'SSO School', official_email_domains: ['sso.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      await updateSchoolAuthSettings(
        t.testDb.db,
        loadKeyring(testConfig),
        { kind: 'system', label: 'test' },
        schoolId,
        { oidc: { issuer: provider.issuer, clientId: CLIENT.client_id, clientSecret: CLIENT.client_secret } },
        t.clock.now(),
      );
    });
    afterAll(async () => {
      await Promise.all([t.close(), provider.close()]);
    });

    async function ssoAs(
      email: string,
      at: { app: FastifyInstance; schoolId: string } = { app: t.app, schoolId },
    ) {
      const start = await at.app.inject({
        method: 'GET',
        url: `/api/auth/oidc/${at.schoolId}/start`,
        headers: { host: 'guardpost.test' },
      });
      expect(start.statusCode).toBe(302);
      const authorizationUrl = new URL(String(start.headers.location));
      expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
      expect(authorizationUrl.searchParams.get('nonce')).toBeTruthy();
      expect(authorizationUrl.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
      const back = await signInAtProvider(authorizationUrl.href, email);
      return at.app.inject({
        method: 'GET',
        url: `${back.pathname}${back.search}`,
        headers: { host: 'guardpost.test' },
      });
    }

    function cookieOf(response: { headers: Record<string, unknown> }): string {
      const header = response.headers['set-cookie'];
      return String(Array.isArray(header) ? header[0] : header).split(';')[0] ?? '';
    }

    it('signs in an existing member of staff by their verified email', async () => {
      const account = await createAccount(t.testDb.db, {
        schoolId,
        roles: ['staff'],
        password: 'unused password for sso',
        email: 'teacher@sso.example',
      });
      const callback = await ssoAs('Teacher@sso.example');
      expect(callback.statusCode).toBe(302);
      expect(callback.headers.location).toBe('/');
      const me = await t.app.inject({
        method: 'GET',
        url: '/api/me',
        headers: { cookie: cookieOf(callback) },
      });
      expect(me.json()).toMatchObject({
        person: { id: account.staffId },
        school: { id: schoolId },
        secondFactorPassed: true,
      });
    });

    it('refuses an email that is not a member of staff, and creates nobody', async () => {
      const callback = await ssoAs('stranger@sso.example');
      // Back to the sign-in page, which says why in a sentence; no session.
      expect(callback.statusCode).toBe(302);
      expect(callback.headers.location).toBe('/sign-in?sso=OidcUnknownStaff');
      expect(callback.headers['set-cookie']).toBeUndefined();
      const created = await t.testDb.db
        .selectFrom('staff')
        .select('id')
        .where('email', '=', 'stranger@sso.example')
        .execute();
      expect(created).toHaveLength(0);
    });

    it('refuses a replayed or unknown state', async () => {
      const replay = await t.app.inject({
        method: 'GET',
        url: '/api/auth/oidc/callback?state=made-up&code=made-up',
        headers: { host: 'guardpost.test' },
      });
      expect(replay.statusCode).toBe(302);
      expect(replay.headers.location).toBe('/sign-in?sso=OidcFlowExpired');
    });

    it('still asks a DSL for TOTP unless the school says its provider enforces MFA', async () => {
      const secret = newTotpSecret();
      await createAccount(t.testDb.db, {
        schoolId,
        roles: ['dsl'],
        password: 'unused password for sso',
        email: 'dsl@sso.example',
        totpSecret: secret,
      });
      const pending = await ssoAs('dsl@sso.example');
      expect(pending.statusCode).toBe(302);
      expect(pending.headers.location).toBe('/sign-in/second-factor');
      const cookie = cookieOf(pending);
      const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
      expect(me.json().secondFactorPassed).toBe(false);
      const csrf = me.json().csrfToken;
      const blocked = await t.app.inject({
        method: 'GET',
        url: '/api/school/auth-settings',
        headers: { cookie },
      });
      expect(blocked.json().error.code).toBe('TotpRequired');
      const passed = await t.app.inject({
        method: 'POST',
        url: '/api/session/totp',
        headers: { cookie, 'x-csrf-token': csrf },
        payload: { code: await totpCodeAt(secret, t.clock.now()) },
      });
      expect(passed.statusCode).toBe(200);
      const after = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
      expect(after.json().secondFactorPassed).toBe(true);

      await updateSchoolAuthSettings(
        t.testDb.db,
        loadKeyring(testConfig),
        { kind: 'system', label: 'test' },
        schoolId,
        { oidc: { issuer: provider.issuer, clientId: CLIENT.client_id, enforcesMfa: true } },
        t.clock.now(),
      );
      const trusted = await ssoAs('dsl@sso.example');
      expect(trusted.headers.location).toBe('/');
    });

    /** Every column of the school's settings row, as the database holds it (text and bytes). */
    async function storedRow(id: string) {
      const row = await t.testDb.db
        .selectFrom('school_auth_settings')
        .selectAll()
        .where('school_id', '=', id)
        .executeTakeFirstOrThrow();
      const bytes = Buffer.concat(
        Object.values(row).map((value) =>
          value instanceof Uint8Array ? Buffer.from(value) : Buffer.from(String(value), 'utf8'),
        ),
      );
      return { row, bytes };
    }

    async function newSsoSchool(name: string): Promise<string> {
      const domain = `${name.toLowerCase().replace(/\W+/g, '-')}.example`;
      return (
        await t.testDb.db
          .insertInto('schools')
          .values({ name, official_email_domains: [domain] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    }

    /** A school whose secret was stored in plain text, as before secrets were sealed. */
    async function legacySchool(name: string): Promise<string> {
      const id = await newSsoSchool(name);
      await t.testDb.db
        .insertInto('school_auth_settings')
        .values({
          school_id: id,
          oidc_issuer: provider.issuer,
          oidc_client_id: CLIENT.client_id,
          oidc_client_secret: CLIENT.client_secret,
        })
        .execute();
      return id;
    }

    it('stores the client secret sealed: no plain text in the row, only whether it is set in the API', async () => {
      const { row, bytes } = await storedRow(schoolId);
      expect(row.oidc_client_secret).toBeNull();
      expect(row.oidc_client_secret_key_id).toBeTruthy();
      expect(row.oidc_client_secret_sealed?.length).toBeGreaterThan(SECRET_BYTES.length);
      expect(bytes.includes(SECRET_BYTES)).toBe(false);
      const admin = await signInAs(t.testDb.db, { schoolId, roles: ['admin'], now: t.clock.now() });
      const settings = await t.app.inject({
        method: 'GET',
        url: '/api/school/auth-settings',
        headers: admin.headers,
      });
      expect(settings.statusCode).toBe(200);
      expect(settings.json().oidc).toMatchObject({ clientId: CLIENT.client_id, clientSecretSet: true });
      expect(settings.body).not.toContain(CLIENT.client_secret);
    });

    it('seals a new secret under a fresh data key and deletes the old key', async () => {
      const id = await newSsoSchool('Replacing School');
      const keyring = loadKeyring(testConfig);
      const setSecret = (clientSecret: string) =>
        updateSchoolAuthSettings(
          t.testDb.db,
          keyring,
          { kind: 'system', label: 'test' },
          id,
          { oidc: { issuer: provider.issuer, clientId: CLIENT.client_id, clientSecret } },
          t.clock.now(),
        );
      await setSecret('first-secret-value');
      const first = (await storedRow(id)).row.oidc_client_secret_key_id ?? '';
      await setSecret(CLIENT.client_secret);
      const { row, bytes } = await storedRow(id);
      expect(row.oidc_client_secret_key_id).not.toBe(first);
      expect(bytes.includes(SECRET_BYTES)).toBe(false);
      const oldKey = await t.testDb.db
        .selectFrom('data_keys')
        .select('id')
        .where('id', '=', first)
        .executeTakeFirst();
      expect(oldKey).toBeUndefined();
      await createAccount(t.testDb.db, {
        schoolId: id,
        roles: ['staff'],
        password: 'unused password for sso',
        email: 'teacher@replacing-school.example',
      });
      expect(
        (await ssoAs('teacher@replacing-school.example', { app: t.app, schoolId: id })).headers.location,
      ).toBe('/');
      // Switching single sign-on off removes the sealed secret and its key.
      await updateSchoolAuthSettings(
        t.testDb.db,
        keyring,
        { kind: 'system', label: 'test' },
        id,
        { oidc: null },
        t.clock.now(),
      );
      const off = (await storedRow(id)).row;
      expect(off).toMatchObject({ oidc_client_secret_key_id: null, oidc_client_secret_sealed: null });
      const keyLeft = await t.testDb.db
        .selectFrom('data_keys')
        .select('id')
        .where('id', '=', row.oidc_client_secret_key_id ?? '')
        .executeTakeFirst();
      expect(keyLeft).toBeUndefined();
    });

    it('seals a plain-text secret from before, clears it, audits it, and signs in with it', async () => {
      const id = await legacySchool('Legacy School');
      expect((await storedRow(id)).bytes.includes(SECRET_BYTES)).toBe(true);
      const keyring = loadKeyring(testConfig);
      expect(await sealPlainOidcSecrets(t.testDb.db, keyring, t.clock.now())).toBe(1);
      const { row, bytes } = await storedRow(id);
      expect(row.oidc_client_secret).toBeNull();
      expect(row.oidc_client_secret_sealed).not.toBeNull();
      expect(bytes.includes(SECRET_BYTES)).toBe(false);
      // Nothing left to do the second time.
      expect(await sealPlainOidcSecrets(t.testDb.db, keyring, t.clock.now())).toBe(0);
      const audit = await t.testDb.db
        .selectFrom('audit_events')
        .selectAll()
        .where('school_id', '=', id)
        .execute();
      expect(audit.map((a) => [a.type, a.actor_label])).toEqual([
        ['auth.oidc_secret_sealed', 'system:oidc-secret-sealing'],
      ]);
      expect(JSON.stringify(audit)).not.toContain(CLIENT.client_secret);
      await createAccount(t.testDb.db, {
        schoolId: id,
        roles: ['staff'],
        password: 'unused password for sso',
        email: 'teacher@legacy-school.example',
      });
      const callback = await ssoAs('teacher@legacy-school.example', { app: t.app, schoolId: id });
      expect(callback.headers.location).toBe('/');
    });

    it('seals a plain-text secret on first use when the start step has not run', async () => {
      const id = await legacySchool('Late School');
      await createAccount(t.testDb.db, {
        schoolId: id,
        roles: ['staff'],
        password: 'unused password for sso',
        email: 'teacher@late-school.example',
      });
      const callback = await ssoAs('teacher@late-school.example', { app: t.app, schoolId: id });
      expect(callback.headers.location).toBe('/');
      const { row, bytes } = await storedRow(id);
      expect(row.oidc_client_secret).toBeNull();
      expect(bytes.includes(SECRET_BYTES)).toBe(false);
    });

    it('keys rotate re-wraps the secret; the old key alone then gives a clear error without the secret', async () => {
      const id = await legacySchool('Rotating School');
      await createAccount(t.testDb.db, {
        schoolId: id,
        roles: ['staff'],
        password: 'unused password for sso',
        email: 'teacher@rotating-school.example',
      });
      const oldKey = loadKeyring(testConfig).current.key;
      const newKey = generateMasterKey();
      // The plain-text secret is sealed first, then every data key goes under the new master key.
      await rotateKeys(t.testDb.db, createKeyring(newKey, [oldKey]), t.clock.now());
      const { row, bytes } = await storedRow(id);
      expect(row.oidc_client_secret).toBeNull();
      expect(bytes.includes(SECRET_BYTES)).toBe(false);
      const dataKey = await t.testDb.db
        .selectFrom('data_keys')
        .select(['master_key_id', 'rewrapped_at'])
        .where('id', '=', row.oidc_client_secret_key_id ?? '')
        .executeTakeFirstOrThrow();
      expect(dataKey.master_key_id).toBe(createKeyring(newKey).current.id);
      const withKey = async (key: Buffer) => {
        const app = await buildAppWith(
          { ...testConfig, masterKey: key.toString('base64') },
          { db: t.testDb.db, dbEngine: engine, logger: createLogger('silent'), clock: t.clock },
        );
        await app.ready();
        return app;
      };
      // The new key alone opens it: sign-in works.
      const rotated = await withKey(newKey);
      try {
        const callback = await ssoAs('teacher@rotating-school.example', { app: rotated, schoolId: id });
        expect(callback.headers.location).toBe('/');
      } finally {
        await rotated.close();
      }
      // The old key alone (or any wrong key) cannot: a typed 503 naming the setting, never the secret.
      for (const key of [oldKey, generateMasterKey()]) {
        const stale = await withKey(key);
        try {
          const start = await stale.inject({ method: 'GET', url: `/api/auth/oidc/${id}/start` });
          expect(start.statusCode).toBe(503);
          expect(start.json().error.code).toBe('OidcSecretUnreadable');
          expect(start.json().error.message).toContain('GUARDPOST_MASTER_KEY');
          expect(start.body).not.toContain(CLIENT.client_secret);
        } finally {
          await stale.close();
        }
      }
    });

    it('answers OidcNotConfigured for a school without single sign-on', async () => {
      const other = await t.testDb.db
        .insertInto('schools')
        .values({ name: 'No SSO School', official_email_domains: ['nosso.example'] })
        .returning('id')
        .executeTakeFirstOrThrow();
      const start = await t.app.inject({ method: 'GET', url: `/api/auth/oidc/${other.id}/start` });
      expect(start.statusCode).toBe(404);
      expect(start.json().error.code).toBe('OidcNotConfigured');
    });
  });
}
