import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../src/server/test-app.js';

/**
 * Every /api route declares what it answers, so the OpenAPI document (and the web client generated from it)
 * knows every response: a route without a 2xx response schema fails here the day it is added.
 */

interface OperationObject {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

describe('response schemas', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite');
  });
  afterAll(async () => {
    await t.close();
  });

  it('declares a 2xx (or redirect) response schema on every /api route', () => {
    const document = t.app.swagger() as { paths: Record<string, Record<string, OperationObject>> };
    const missing: string[] = [];
    for (const route of t.app.apiRoutes) {
      const path = route.url.replace(/:([A-Za-z]+)/g, '{$1}');
      const operation = document.paths[path]?.[route.method.toLowerCase()];
      const success = Object.entries(operation?.responses ?? {}).filter(([status]) => /^[23]/.test(status));
      const described = success.some(
        ([status, response]) => status === '204' || status.startsWith('3') || response.content !== undefined,
      );
      if (!described) missing.push(`${route.method} ${route.url}`);
    }
    expect(t.app.apiRoutes.length).toBeGreaterThan(90);
    expect(missing).toEqual([]);
  });
});
