import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAppWith, testConfig } from '../../server/test-app.js';
import { signInAs } from '../auth/test-session.js';
import { createTestDb, type TestDb } from '../db/test-db.js';
import { createLogger } from '../logger.js';
import { requireActor } from './auth-plugin.js';
import { publicAccess, rolesAccess, signedInAccess } from './route-access.js';

describe('route access enforcement', () => {
  let t: TestDb;
  let app: Awaited<ReturnType<typeof buildAppWith>>;
  let schoolId: string;

  beforeAll(async () => {
    t = await createTestDb('pglite');
    app = await buildAppWith(testConfig, { db: t.db, dbEngine: 'pglite', logger: createLogger('silent') });
    app.get('/api/test/me', { config: { access: signedInAccess } }, (request) => ({
      email: requireActor(request).email,
    }));
    app.get('/api/test/dsl-only', { config: { access: rolesAccess('dsl', 'deputy_dsl') } }, () => ({
      ok: true,
    }));
    app.get(
      '/api/test/cacheable',
      { config: { access: publicAccess, cacheControl: 'public, max-age=60' } },
      () => ({
        ok: true,
      }),
    );
    await app.ready();
    schoolId = (
      await t.db
        .insertInto('schools')
        .values({ name: 'Access School', official_email_domains: ['access.example'] })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => {
    await app.close();
    await t.destroy();
  });

  it('answers 401 SignInRequired without a session or with a forged cookie', async () => {
    for (const cookie of [undefined, 'gp_session=forged-token-that-is-long-enough']) {
      const response = await app.inject({
        method: 'GET',
        url: '/api/test/me',
        headers: cookie ? { cookie } : {},
      });
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('SignInRequired');
    }
  });

  it('lets a signed-in member of staff through and gates role routes', async () => {
    const staff = await signInAs(t.db, { schoolId, roles: ['staff'] });
    const me = await app.inject({ method: 'GET', url: '/api/test/me', headers: { cookie: staff.cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json().email).toBe(staff.actor.email);
    const refused = await app.inject({
      method: 'GET',
      url: '/api/test/dsl-only',
      headers: { cookie: staff.cookie },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('RoleRequired');
    const deputy = await signInAs(t.db, { schoolId, roles: ['staff', 'deputy_dsl'] });
    const allowed = await app.inject({
      method: 'GET',
      url: '/api/test/dsl-only',
      headers: { cookie: deputy.cookie },
    });
    expect(allowed.statusCode).toBe(200);
  });

  it('answers no-store on /api unless the route declares its own Cache-Control', async () => {
    const declared = await app.inject({ method: 'GET', url: '/api/test/cacheable' });
    expect(declared.headers['cache-control']).toBe('public, max-age=60');
    const refused = await app.inject({ method: 'GET', url: '/api/test/me' });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['cache-control']).toBe('no-store');
  });
});
