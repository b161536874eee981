import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles } from '../src/platform/auth/roles.js';
import { signInAs } from '../src/platform/auth/test-session.js';
import { testEngines } from '../src/platform/db/test-db.js';
import type { ApiRoute } from '../src/platform/http/route-access.js';
import { createTestApp, type TestApp } from '../src/server/test-app.js';

/**
 * Properties every registered /api route must have, walked from the app's own route list so a new route is
 * covered the day it is added: authentication before validation (a caller without the right learns nothing
 * about the body a route accepts) and `Cache-Control: no-store` on every answer.
 */

const NIL_UUID = '00000000-0000-4000-8000-000000000000';
const withBody = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The route's URL with every `:param` filled, and a query that no route accepts as valid. */
function urlOf(route: ApiRoute): string {
  return `${route.url.replace(/:[A-Za-z]+/g, NIL_UUID)}?limit=not-a-number&dryRun=maybe`;
}

/** A body that fails every route's schema: wrong type for each plausible field and an unknown one. */
const badBody = { email: 42, text: ['x'], type: { nested: true }, files: 'none', unexpectedField: 1 };

function inject(t: TestApp, route: ApiRoute, headers: Record<string, string> = {}) {
  return t.app.inject({
    method: route.method as 'GET',
    url: urlOf(route),
    headers,
    ...(withBody.has(route.method) ? { payload: badBody } : {}),
  });
}

for (const engine of testEngines()) {
  describe(`every /api route on ${engine}`, () => {
    let t: TestApp;
    let schoolId: string;

    beforeAll(async () => {
      t = await createTestApp(engine);
      schoolId = (
        await t.testDb.db
          .insertInto('schools')
          .values({ name: 'Surface School', official_email_domains: ['surface.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    });
    afterAll(async () => {
      await t.close();
    });

    it('answers 401 without a session before looking at the body, with no schema details', async () => {
      const guarded = t.app.apiRoutes.filter((r) => r.access.kind !== 'public');
      expect(guarded.length).toBeGreaterThan(40);
      const failures: string[] = [];
      for (const route of guarded) {
        const response = await inject(t, route);
        const body = response.json();
        if (response.statusCode !== 401 || body.error?.code !== 'SignInRequired' || 'details' in body.error) {
          failures.push(
            `${route.method} ${route.url}: ${response.statusCode} ${response.body.slice(0, 160)}`,
          );
        }
      }
      expect(failures).toEqual([]);
    });

    it('answers 403 to a signed-in member of staff without the role, before looking at the body', async () => {
      const roleRoutes = t.app.apiRoutes.filter((r) => r.access.kind === 'roles');
      expect(roleRoutes.length).toBeGreaterThan(10);
      const failures: string[] = [];
      for (const route of roleRoutes) {
        if (route.access.kind !== 'roles') continue;
        const allowed = route.access.roles;
        const outsider = roles.filter((r) => !allowed.includes(r));
        if (outsider.length === 0) continue;
        const session = await signInAs(t.testDb.db, { schoolId, roles: outsider, now: t.clock.now() });
        const response = await inject(t, route, session.headers);
        const body = response.json();
        if (response.statusCode !== 403 || body.error?.code !== 'RoleRequired' || 'details' in body.error) {
          failures.push(
            `${route.method} ${route.url}: ${response.statusCode} ${response.body.slice(0, 160)}`,
          );
        }
      }
      expect(failures).toEqual([]);
    });

    it('marks every answer Cache-Control: no-store, anonymous or signed in, success or error', async () => {
      const admin = await signInAs(t.testDb.db, { schoolId, roles: [...roles], now: t.clock.now() });
      const failures: string[] = [];
      let answers = 0;
      for (const route of t.app.apiRoutes) {
        // Signing out would end the session the later routes use.
        const callers =
          route.url.endsWith('/session') || route.url.endsWith('/sessions') ? [{}] : [{}, admin.headers];
        for (const headers of callers) {
          const response = await inject(t, route, headers);
          answers++;
          if (response.headers['cache-control'] !== 'no-store') {
            failures.push(`${route.method} ${route.url}: ${String(response.headers['cache-control'])}`);
          }
        }
      }
      // Successful reads too, including a route that used to set its own header and one that never did.
      for (const url of [
        '/api/me',
        '/api/concerns',
        '/api/people/pupils',
        '/api/notifications',
        '/api/unknown',
      ]) {
        const response = await t.app.inject({ method: 'GET', url, headers: admin.headers });
        answers++;
        if (url !== '/api/unknown') expect(response.statusCode, url).toBe(200);
        if (response.headers['cache-control'] !== 'no-store') failures.push(`GET ${url}`);
      }
      expect(failures).toEqual([]);
      expect(answers).toBeGreaterThan(t.app.apiRoutes.length);
    });
  });
}
