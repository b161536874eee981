import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../platform/db/test-db.js';
import { createLogger } from '../platform/logger.js';
import { buildAppWith, testConfig } from './test-app.js';

describe('web app serving', () => {
  let t: TestDb;
  let webRoot: string;
  let built: FastifyInstance;
  let unbuilt: FastifyInstance;

  beforeAll(async () => {
    t = await createTestDb('pglite');
    webRoot = await mkdtemp(path.join(os.tmpdir(), 'guardpost-web-'));
    await mkdir(path.join(webRoot, 'assets'));
    await writeFile(path.join(webRoot, 'index.html'), '<!doctype html><div id="root"></div>');
    await writeFile(path.join(webRoot, 'assets', 'app-1234.js'), 'console.log(1)');
    const deps = { db: t.db, dbEngine: 'pglite' as const, logger: createLogger('silent') };
    built = await buildAppWith(testConfig, { ...deps, webRoot });
    unbuilt = await buildAppWith(testConfig, { ...deps, webRoot: path.join(webRoot, 'missing') });
  });
  afterAll(async () => {
    await built.close();
    await unbuilt.close();
    await t.destroy();
    await rm(webRoot, { recursive: true, force: true });
  });

  it("answers index.html for the app's own paths, so a reload keeps the page", async () => {
    for (const url of ['/', '/policy', '/people/pupils/abc?x=1']) {
      const response = await built.inject({ method: 'GET', url });
      expect(response.statusCode, `${url} ${response.body}`).toBe(200);
      expect(response.headers['content-type']).toMatch(/text\/html/);
      expect(response.body).toContain('<div id="root">');
      expect(response.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves hashed assets with a long cache lifetime', async () => {
    const response = await built.inject({ method: 'GET', url: '/assets/app-1234.js' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toContain('immutable');
  });

  it('keeps JSON 404s for unknown API routes, missing files and non-GET requests', async () => {
    for (const [method, url] of [
      ['GET', '/api/nothing-here'],
      ['GET', '/assets/missing.js'],
      ['POST', '/policy'],
    ] as const) {
      const response = await built.inject({ method, url });
      expect(response.statusCode, url).toBe(404);
      expect(response.json().error.code).toBe('RouteNotFound');
    }
  });

  it('serves only the API when the app has not been built', async () => {
    const response = await unbuilt.inject({ method: 'GET', url: '/policy' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('RouteNotFound');
    const health = await unbuilt.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(200);
  });
});
