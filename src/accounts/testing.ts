import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FetchPolicy } from './safe-fetch.js';

/** A fetch policy for tests: pages are served on 127.0.0.1, so private addresses are allowed. */
export const testFetchPolicy: FetchPolicy = {
  allowPrivateAddresses: true,
  timeoutMs: 1500,
  maxBytes: 256 * 1024,
  maxRedirects: 3,
  userAgent: 'GuardpostAupCheck/test',
};

export type PageHandler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

export interface ProfileSite {
  base: string;
  /** The same server by another name (`localhost`), to stand in for a link shortener's host. */
  otherBase: string;
  /** User agents of the requests seen. */
  userAgents: string[];
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 serving profile pages, for the AUP fetcher's tests. Routes map a path to
 * a handler (built once the server's address is known, so pages can link to it); unknown paths answer 404.
 */
export async function startProfileSite(
  build: (addresses: { base: string; otherBase: string }) => Record<string, PageHandler>,
): Promise<ProfileSite> {
  const userAgents: string[] = [];
  let routes: Record<string, PageHandler> = {};
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((request, response) => {
    userAgents.push(String(request.headers['user-agent'] ?? ''));
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const handler = routes[path];
    if (!handler) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    handler(request, response);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  const otherBase = `http://localhost:${port}`;
  routes = build({ base, otherBase });
  return {
    base,
    otherBase,
    userAgents,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export function html(body: string): PageHandler {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
  };
}

export function redirect(to: string, status = 301): PageHandler {
  return (_request, response) => {
    response.writeHead(status, { location: to }).end();
  };
}
