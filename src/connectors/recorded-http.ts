import { MockAgent, fetch as undiciFetch } from 'undici';
import type { ConnectorFetch } from './connector-registry.js';

/**
 * Test support: a platform's documented requests and responses, replayed with undici's MockAgent (no
 * network: anything not recorded fails), and every request Guardpost sent, to assert on exactly.
 */

export interface RecordedExchange {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The request's origin (`https://mastodon.example`). */
  origin: string;
  /** The exact path with its query string, as sent. */
  path: string;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface SentRequest {
  method: string;
  /** Origin, path and query. */
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
  headers: Record<string, string>;
  body: string;
}

export interface Replay {
  fetch: ConnectorFetch;
  /** Every request sent, in order. */
  sent(): SentRequest[];
  /** Throws when a recorded exchange was never asked for. */
  assertAllUsed(): void;
  close(): Promise<void>;
}

export function replay(exchanges: readonly RecordedExchange[]): Replay {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const sent: SentRequest[] = [];
  for (const exchange of exchanges) {
    agent
      .get(exchange.origin)
      .intercept({ method: exchange.method, path: exchange.path })
      .reply(exchange.status, exchange.body === undefined ? '' : JSON.stringify(exchange.body), {
        headers: {
          ...(exchange.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...exchange.headers,
        },
      });
  }
  const fetch: ConnectorFetch = async (input, init) => {
    // @atproto/api calls fetch with a Request: take its method, headers and body from there.
    if (input instanceof Request) {
      const bytes = input.body ? new Uint8Array(await input.arrayBuffer()) : undefined;
      const contentType = input.headers.get('content-type') ?? '';
      const body =
        bytes && /json|text|form-urlencoded/.test(contentType) ? Buffer.from(bytes).toString('utf8') : bytes;
      return fetch(input.url, { method: input.method.toUpperCase(), headers: input.headers, body });
    }
    const url = typeof input === 'string' ? input : input.href;
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, key) => {
      headers[key] = value;
    });
    const body = init?.body;
    sent.push({
      method: (init?.method ?? 'GET').toUpperCase(),
      url,
      authorization: headers.authorization,
      contentType: headers['content-type'],
      headers,
      body:
        body === undefined || body === null
          ? ''
          : typeof body === 'string'
            ? body
            : body instanceof Uint8Array
              ? Buffer.from(body).toString('latin1')
              : String(body),
    });
    const response = await undiciFetch(url, {
      method: init?.method,
      headers,
      body: body as never,
      dispatcher: agent,
    });
    return response as unknown as Response;
  };
  return {
    fetch,
    sent: () => sent,
    assertAllUsed: () => agent.assertNoPendingInterceptors(),
    close: () => agent.close(),
  };
}
