import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCodeAt } from '../platform/auth/totp.js';
import { ConfigError, loadConfig } from '../platform/config.js';
import { testEngines } from '../platform/db/test-db.js';
import { createTestApp, type TestApp } from '../server/test-app.js';
import { ensureDemoAccounts } from './demo-accounts.js';
import { demoAccounts } from './demo-people.js';

const DEMO_PASSWORD = 'demo password for scripted sign-in';
const DEMO_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe('demo account configuration', () => {
  it('validates GUARDPOST_DEMO_PASSWORD and GUARDPOST_DEMO_TOTP_SECRET', () => {
    const base = { DATABASE_URL: 'postgres://u@127.0.0.1:5432/x' };
    expect(
      loadConfig({
        ...base,
        GUARDPOST_DEMO_PASSWORD: DEMO_PASSWORD,
        GUARDPOST_DEMO_TOTP_SECRET: DEMO_SECRET,
      }),
    ).toMatchObject({
      demoPassword: DEMO_PASSWORD,
      demoTotpSecret: DEMO_SECRET,
    });
    expect(() => loadConfig({ ...base, GUARDPOST_DEMO_PASSWORD: 'short' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, GUARDPOST_DEMO_TOTP_SECRET: 'not base32!' })).toThrow(
      /GUARDPOST_DEMO_TOTP_SECRET/,
    );
  });
});

for (const engine of testEngines()) {
  describe(`demo accounts on ${engine}`, () => {
    let t: TestApp;
    let schoolId: string;
    beforeAll(async () => {
      t = await createTestApp(engine);
      schoolId = (
        await t.testDb.db
          .insertInto('schools')
          .values({ name: 'Take 1 Studios', official_email_domains: ['take1studios.example'], is_demo: true })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    });
    afterAll(async () => {
      await t.close();
    });

    function signIn(email: string, totp?: string) {
      return t.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { email, password: DEMO_PASSWORD, ...(totp ? { totp } : {}) },
      });
    }

    it('creates one account per role, signing in with the configured password and TOTP secret', async () => {
      const result = await ensureDemoAccounts(
        t.testDb.db,
        { schoolId, accounts: demoAccounts, password: DEMO_PASSWORD, totpSecret: DEMO_SECRET },
        t.clock.now(),
      );
      // One per role: seven staff roles and a governor.
      expect(result).toEqual({ created: 8, generatedPassword: undefined });
      expect((await signIn('staff@take1studios.example')).statusCode).toBe(200);
      expect((await signIn('dsl@take1studios.example')).json().error.code).toBe('TotpRequired');
      const dsl = await signIn('dsl@take1studios.example', await totpCodeAt(DEMO_SECRET, t.clock.now()));
      expect(dsl.statusCode).toBe(200);
      const me = await t.app.inject({
        method: 'GET',
        url: '/api/me',
        headers: { cookie: String(dsl.headers['set-cookie']).split(';')[0] ?? '' },
      });
      expect(me.json().roles).toEqual(['staff', 'dsl']);

      const again = await ensureDemoAccounts(
        t.testDb.db,
        { schoolId, accounts: demoAccounts, password: DEMO_PASSWORD, totpSecret: DEMO_SECRET },
        t.clock.now(),
      );
      expect(again.created).toBe(0);
      const rows = await t.testDb.db
        .selectFrom('staff')
        .select('email')
        .where(
          'email',
          'in',
          demoAccounts.map((a) => a.email),
        )
        .execute();
      expect(rows).toHaveLength(8);
    });

    it('generates a password only for accounts without one, and reports it once', async () => {
      const other = await t.testDb.db
        .insertInto('schools')
        .values({ name: 'Fresh Demo', official_email_domains: ['take1studios.example'] })
        .returning('id')
        .executeTakeFirstOrThrow();
      // The accounts exist with a password already, so nothing is generated.
      const existing = await ensureDemoAccounts(
        t.testDb.db,
        { schoolId: other.id, accounts: demoAccounts },
        t.clock.now(),
      );
      expect(existing.generatedPassword).toBeUndefined();
      await t.testDb.db.deleteFrom('staff_credentials').execute();
      const fresh = await ensureDemoAccounts(
        t.testDb.db,
        { schoolId: other.id, accounts: demoAccounts },
        t.clock.now(),
      );
      expect(fresh.generatedPassword).toMatch(/^[A-Za-z0-9_-]{16}$/);
      const later = await ensureDemoAccounts(
        t.testDb.db,
        { schoolId: other.id, accounts: demoAccounts },
        t.clock.now(),
      );
      expect(later.generatedPassword).toBeUndefined();
    });
  });
}
