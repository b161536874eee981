import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Where `vite build web` writes the single-page app. This file runs from `src/server` (tsx, tests) and
 * from `dist/server` (npm start); both sit two folders below the package root.
 */
export const defaultWebRoot = fileURLToPath(new URL('../../web/dist', import.meta.url));

export interface WebAppOptions {
  /** Folder holding the built app (`index.html` and `assets/`). */
  root: string;
}

/**
 * Serves the built web app. Any GET outside `/api` that matches no file gets `index.html`, so the app's
 * own routes (`/policy`, `/people/…`) survive a reload; `/api` misses (and `/metrics` when it is off) keep
 * their JSON 404. When the app has not been built (API-only tests, a fresh checkout before `npm run build`)
 * only the JSON 404 stays.
 */
export const webAppPlugin = fp(async (app: FastifyInstance, options: WebAppOptions) => {
  const built = existsSync(path.join(options.root, 'index.html'));
  if (!built) app.log.debug({ root: options.root }, 'web app not built; serving the API only');
  else await registerFiles(app, options.root);

  app.setNotFoundHandler((request, reply) => {
    const pathname = request.url.split('?')[0] ?? '/';
    const isApi = pathname === '/api' || pathname.startsWith('/api/');
    // A scraper asking for /metrics where metrics are off gets a plain 404, never the app's page.
    const isMachinePath = pathname === '/metrics';
    const wantsPage = request.method === 'GET' || request.method === 'HEAD';
    if (built && !isApi && !isMachinePath && wantsPage && !path.extname(pathname)) {
      void reply.header('cache-control', 'no-cache').sendFile('index.html');
      return;
    }
    void reply.status(404).send({
      error: { code: 'RouteNotFound', message: `no route ${request.method} ${pathname}` },
    });
  });
});

async function registerFiles(app: FastifyInstance, root: string): Promise<void> {
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: false,
    // Hashed assets never change under the same name; index.html must always be fresh.
    setHeaders(reply, filePath) {
      reply.header(
        'cache-control',
        filePath.includes(`${path.sep}assets${path.sep}`)
          ? 'public, max-age=31536000, immutable'
          : 'no-cache',
      );
    },
  });
}
