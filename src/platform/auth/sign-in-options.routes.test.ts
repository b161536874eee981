import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../server/test-app.js';
import { testEngines } from '../db/test-db.js';

describe.each(testEngines())('GET /api/auth/sign-in-options on %s', (engine) => {
  let t: TestApp;
  let ssoSchool: string;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const db = t.testDb.db;
    const schools = await db
      .insertInto('schools')
      .values([
        { name: 'Birchwood Academy', official_email_domains: ['birchwood.example'] },
        { name: 'Alder Primary', official_email_domains: ['alder.example'] },
      ])
      .returning(['id', 'name'])
      .execute();
    ssoSchool = schools.find((s) => s.name === 'Birchwood Academy')?.id ?? '';
    await db
      .insertInto('school_auth_settings')
      .values({
        school_id: ssoSchool,
        oidc_issuer: 'https://login.birchwood.example',
        oidc_client_id: 'guardpost-client-id',
        oidc_client_secret: 'a-secret-that-must-not-leak',
      })
      .execute();
  });
  afterAll(() => t.close());

  it('says which schools offer single sign-on, without a session and without their settings', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/auth/sign-in-options' });
    expect(response.statusCode).toBe(200);
    expect(response.json().schools).toEqual([
      { id: expect.any(String), name: 'Alder Primary', sso: false },
      { id: ssoSchool, name: 'Birchwood Academy', sso: true },
    ]);
    expect(response.body).not.toContain('login.birchwood.example');
    expect(response.body).not.toContain('a-secret-that-must-not-leak');
  });
});
