import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemoSchool } from '../demo/demo-school.js';
import { testDemoDeps } from '../demo/testing.js';
import type { Actor } from '../platform/auth/roles.js';
import { createDb } from '../platform/db/create-db.js';
import { createTestDb, testEngines } from '../platform/db/test-db.js';
import { publicAccess } from '../platform/http/route-access.js';
import { createLogger } from '../platform/logger.js';
import { createSchool } from '../schools/create-school.js';
import { buildAppWith, createTestApp, type TestApp, testConfig } from './test-app.js';

const testActor: Actor = { kind: 'system', label: 'test' };

for (const engine of testEngines()) {
  describe(`HTTP app on ${engine}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(engine);
      await ensureDemoSchool(t.testDb.db, testDemoDeps());
    });
    afterAll(async () => {
      await t.close();
    });

    it('answers /health with the database engine', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/health' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ status: 'ok', database: engine });
    });

    it('logs requests only when asked (LOG_LEVEL=debug), one line each, without the query string', async () => {
      const linesAt = async (level: string) => {
        const lines: string[] = [];
        const app = await buildAppWith(testConfig, {
          db: t.testDb.db,
          dbEngine: engine,
          logger: createLogger(
            level,
            new Writable({
              write(chunk: Buffer, _encoding, done) {
                lines.push(chunk.toString('utf8'));
                done();
              },
            }),
          ),
          clock: t.clock,
        });
        await app.ready();
        await app.inject({ method: 'GET', url: '/health?who=someone' });
        await app.close();
        return lines;
      };
      expect(await linesAt('info')).toEqual([]);
      const debug = await linesAt('debug');
      const requests = debug.filter((l) => l.includes('request'));
      expect(requests).toHaveLength(1);
      expect(JSON.parse(requests[0] ?? '{}')).toMatchObject({
        level: 20,
        msg: 'request completed',
        method: 'GET',
        route: '/health',
        status: 200,
      });
      expect(requests[0]).not.toContain('someone');
    });

    it('serves the policy: clauses in order, versions, and an overdue review', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/api/policy' });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.school.name).toBe('Take 1 Studios');
      expect(body.today).toBe('2026-11-24');
      expect(body.clauses.map((c: { id: string }) => c.id)).toEqual([
        'purpose',
        'scope',
        '1.1',
        '1.2',
        '1.3',
        '1.4',
        '1.5',
        '1.6',
        '1.7',
        '1.8',
        '1.9',
        '2.1',
        '2.2',
        '2.3',
        '2.4',
        '2.5',
        '2.6',
        '2.7',
        '2.8',
      ]);
      expect(body.review).toEqual({
        status: 'overdue',
        nextReviewDue: '2020-08-29',
        daysUntilDue: -2278,
        daysOverdue: 2278,
      });
      expect(body.current.documentText).toMatch(/SOCIAL MEDIA POLICY/);
      expect(body.versions).toHaveLength(1);
    });

    it('follows the settable clock', async () => {
      t.clock.set('2020-08-29T12:00:00Z');
      const body = (await t.app.inject({ method: 'GET', url: '/api/policy' })).json();
      expect(body.review.status).toBe('due_soon');
      t.clock.set('2026-11-24T09:00:00Z');
    });

    it('refuses a malformed school id and unknown query fields with InvalidRequest', async () => {
      const bad = await t.app.inject({ method: 'GET', url: '/api/policy?school=42' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('InvalidRequest');
      expect(bad.json().error.details[0]).toMatch(/^querystring\.school/);
      const extra = await t.app.inject({ method: 'GET', url: '/api/policy?colour=red' });
      expect(extra.statusCode).toBe(400);
    });

    it('says what the limit is when a request body is too large', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/password-reset',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ email: `${'a'.repeat(1024 * 1024)}@example.com` }),
      });
      expect(response.statusCode).toBe(413);
      expect(response.json().error).toEqual({
        code: 'RequestTooLarge',
        message: 'the request is larger than 1 MB, the limit for this request',
      });
    });

    it('answers 404 with a stable code for an unknown school and an unknown route', async () => {
      const school = await t.app.inject({
        method: 'GET',
        url: '/api/policy?school=00000000-0000-4000-8000-000000000000',
      });
      expect(school.statusCode).toBe(404);
      expect(school.json().error.code).toBe('SchoolNotFound');
      const route = await t.app.inject({ method: 'GET', url: '/api/nothing-here' });
      expect(route.statusCode).toBe(404);
      expect(route.json().error.code).toBe('RouteNotFound');
    });

    it('asks for a school when several exist and none is the demo', async () => {
      await sql`update schools set is_demo = false`.execute(t.testDb.db);
      await createSchool(t.testDb.db, testActor, {
        name: 'Second School',
        officialEmailDomains: ['second.example'],
      });
      const response = await t.app.inject({ method: 'GET', url: '/api/policy' });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('SchoolRequired');
    });

    it('serves the OpenAPI document generated from the route schemas', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
      expect(response.statusCode).toBe(200);
      const doc = response.json();
      expect(doc.openapi).toMatch(/^3\./);
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health', '/api/policy']));
      expect(doc.paths['/api/policy'].get.parameters[0].name).toBe('school');
    });
  });
}

describe('failures', () => {
  it('hides internal errors behind a generic 500 and refuses routes without an access rule', async () => {
    const testDb = await createTestDb('pglite');
    const app = await buildAppWith(testConfig, {
      db: testDb.db,
      dbEngine: 'pglite',
      logger: createLogger('silent'),
    });
    app.get('/api/boom', { config: { access: publicAccess } }, () => {
      throw new Error('secret internals');
    });
    expect(() => app.get('/api/undeclared', () => 'x')).toThrow(/declares no access rule/);
    await app.ready();
    const boom = await app.inject({ method: 'GET', url: '/api/boom' });
    expect(boom.statusCode).toBe(500);
    expect(boom.json()).toEqual({
      error: { code: 'InternalError', message: 'Something went wrong on our side.' },
    });
    expect(boom.body).not.toMatch(/secret internals/);

    await app.close();
    await testDb.destroy();
  });

  it('503s /health when the database cannot be reached', async () => {
    // Port 1 on loopback: nothing listens there, so every connection is refused.
    const unreachable = createDb({ databaseUrl: 'postgres://guardpost@127.0.0.1:1/none', poolSize: 1 });
    const app = await buildAppWith(testConfig, {
      db: unreachable,
      dbEngine: 'postgres',
      logger: createLogger('silent'),
    });
    const health = await app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toEqual({ status: 'unavailable', database: 'postgres' });
    await app.close();
    await unreachable.destroy();
  });
});
