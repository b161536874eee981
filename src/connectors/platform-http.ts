import { randomBytes } from 'node:crypto';
import { countConnectorError } from '../platform/ops/metrics.js';
import { ConnectorError, type ConnectorErrorCode, type ConnectorPlatformId } from './connector.js';
import type { ConnectorFetch } from './connector-registry.js';

/**
 * One HTTP call to a platform's API, with its answer turned into the connector errors the domain acts on:
 * 429 → `rate_limited` (with the platform's Retry-After), 401 → `token_expired` or `token_revoked` (the
 * platform's own error says which), 404/410 → `not_found`, other 4xx → `rejected`, 5xx → `platform_error`.
 * Bodies over a limit are refused before they are read whole.
 */

const MAX_RESPONSE_BYTES = 2 * 1024 * 1024;

export interface PlatformRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string | URL;
  /** Sent as `Authorization: Bearer <token>` when set. */
  token?: string | undefined;
  /** JSON body. */
  json?: unknown;
  /** `application/x-www-form-urlencoded` body. */
  form?: Record<string, string>;
  /** Raw body (media uploads). */
  bytes?: { data: Uint8Array; contentType: string };
  /** multipart/form-data body (Mastodon media), encoded here so the bytes sent are the same on any fetch. */
  multipart?: MultipartBody;
  headers?: Record<string, string>;
}

export interface MultipartBody {
  fields: Record<string, string>;
  files: { name: string; filename: string; contentType: string; data: Uint8Array }[];
}

/** multipart/form-data bytes and their content type (with a random boundary). */
export function encodeMultipart(multipart: MultipartBody): {
  contentType: string;
  body: Uint8Array<ArrayBuffer>;
} {
  const boundary = `guardpost-${randomBytes(12).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(multipart.fields)) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  for (const file of multipart.files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\n` +
          `Content-Type: ${file.contentType}\r\n\r\n`,
      ),
      Buffer.from(file.data),
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    body: new Uint8Array(Buffer.concat(parts)) as Uint8Array<ArrayBuffer>,
  };
}

export interface PlatformResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or null for an empty body. */
  body: unknown;
}

/** Seconds to wait from a Retry-After header (seconds or an HTTP date), or a reset time in epoch seconds or ISO. */
export function retryAfterSecondsOf(headers: Headers, now: Date): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter.trim())) return Number(retryAfter.trim());
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
  }
  // Mastodon and Bluesky say when the window resets instead.
  const reset = headers.get('x-ratelimit-reset') ?? headers.get('ratelimit-reset');
  if (reset) {
    const value = reset.trim();
    const at = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value);
    if (!Number.isNaN(at)) return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
  }
  return undefined;
}

export interface PlatformHttp {
  request(request: PlatformRequest): Promise<PlatformResponse>;
}

export interface PlatformHttpOptions {
  platform: ConnectorPlatformId;
  fetch: ConnectorFetch;
  now: () => Date;
  /** Reads a 401's body: is the token expired (a refresh may help) or revoked (people must reconnect)? */
  unauthorized?: (body: unknown) => 'token_expired' | 'token_revoked';
  /**
   * The platform's own reading of a failed answer, tried first (the Graph API says "token expired" and
   * "rate limited" under 400 and 403): a code and, for rate limits, the wait; undefined for the defaults.
   */
  classify?: (
    status: number,
    body: unknown,
    headers: Headers,
  ) => { code: ConnectorErrorCode; retryAfterSeconds?: number } | undefined;
}

async function readBody(response: Response): Promise<unknown> {
  const length = Number(response.headers.get('content-length') ?? '0');
  if (length > MAX_RESPONSE_BYTES) throw new Error(`response of ${length} bytes is over the limit`);
  const text = await response.text();
  if (text.length > MAX_RESPONSE_BYTES) throw new Error('response over the limit');
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return { text: text.slice(0, 200) };
  }
}

/** A short, token-free description of a platform's error body, for the sentence shown to people. */
export function platformMessageOf(body: unknown): string {
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    const nested = record.error;
    if (nested && typeof nested === 'object') {
      const message = (nested as Record<string, unknown>).message;
      if (typeof message === 'string') return message.slice(0, 200);
    }
    for (const key of ['error_description', 'message', 'error', 'text']) {
      const value = record[key];
      if (typeof value === 'string') return value.slice(0, 200);
    }
  }
  return 'no reason given';
}

export function createPlatformHttp(options: PlatformHttpOptions): PlatformHttp {
  const { platform } = options;
  async function send(request: PlatformRequest): Promise<PlatformResponse> {
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
    if (request.token) headers.authorization = `Bearer ${request.token}`;
    let body: BodyInit | undefined;
    if (request.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.json);
    } else if (request.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(request.form).toString();
    } else if (request.multipart) {
      const encoded = encodeMultipart(request.multipart);
      headers['content-type'] = encoded.contentType;
      body = encoded.body;
    } else if (request.bytes) {
      headers['content-type'] = request.bytes.contentType;
      body = new Uint8Array(request.bytes.data);
    }
    let response: Response;
    try {
      response = await options.fetch(request.url, { method: request.method, headers, body });
    } catch (error) {
      if (error instanceof ConnectorError) throw error;
      throw new ConnectorError(
        platform,
        'platform_error',
        `${platform} could not be reached (${error instanceof Error ? error.message : 'network error'})`,
      );
    }
    const parsed = await readBody(response);
    const status = response.status;
    if (status >= 200 && status < 300) return { status, headers: response.headers, body: parsed };
    const said = platformMessageOf(parsed);
    const own = options.classify?.(status, parsed, response.headers);
    if (own) {
      const sentence: Record<ConnectorErrorCode, string> = {
        rate_limited: `${platform} asked Guardpost to slow down`,
        token_expired: `${platform} says the access token has expired`,
        token_revoked: `${platform} no longer accepts Guardpost's access: it was revoked or the password changed`,
        not_found: `${platform} says it is not there any more`,
        not_supported: `${platform} does not allow this`,
        rejected: `${platform} refused the request`,
        offline: `${platform} could not be reached`,
        media_unreachable: `${platform} could not fetch the photo`,
        platform_error: `${platform} failed`,
      };
      throw new ConnectorError(platform, own.code, `${sentence[own.code]} (${said})`, {
        status,
        ...(own.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: own.retryAfterSeconds }),
      });
    }
    if (status === 429) {
      const retryAfterSeconds = retryAfterSecondsOf(response.headers, options.now());
      throw new ConnectorError(
        platform,
        'rate_limited',
        `${platform} asked Guardpost to slow down (${said})`,
        {
          status,
          ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
        },
      );
    }
    if (status === 404 || status === 410)
      throw new ConnectorError(platform, 'not_found', `${platform} says it is not there any more (${said})`, {
        status,
      });
    if (status === 401) {
      const code = options.unauthorized?.(parsed) ?? 'token_revoked';
      throw new ConnectorError(
        platform,
        code,
        code === 'token_expired'
          ? `${platform} says the access token has expired (${said})`
          : `${platform} no longer accepts Guardpost's access: it was revoked or the password changed (${said})`,
        { status },
      );
    }
    if (status >= 400 && status < 500)
      throw new ConnectorError(platform, 'rejected', `${platform} refused the request (${said})`, {
        status,
      });
    throw new ConnectorError(platform, 'platform_error', `${platform} failed (${status}: ${said})`, {
      status,
    });
  }
  return {
    async request(request) {
      try {
        return await send(request);
      } catch (error) {
        // Counted here, where every call to a platform passes: the /metrics series by platform.
        if (error instanceof ConnectorError) countConnectorError(platform);
        throw error;
      }
    },
  };
}

/** A string field of untrusted JSON, or the fallback. */
export function stringOf(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : fallback;
}

/** An object field of untrusted JSON, or an empty object. */
export function recordOf(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** An array field of untrusted JSON, or an empty array. */
export function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Plain text from a platform's HTML (Mastodon statuses and bios): tags out, entities decoded, breaks kept. */
export function textFromHtml(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p>/gi, '\n\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}

/** Every href in a piece of HTML (Mastodon profile fields hold a link as HTML). */
export function hrefsOf(html: string): string[] {
  return [...html.matchAll(/href="([^"]+)"/g)].map((m) => (m[1] ?? '').replace(/&amp;/g, '&'));
}
