import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPrivateAddress } from '../platform/http/internet-address.js';

/**
 * A fetcher for pages on the open web that other people control (account profile pages, link
 * shorteners). It refuses anything that could reach inside the school's network: only http(s), every DNS
 * answer checked against private, loopback, link-local and other special ranges (and the connection made
 * to the checked address, so a second DNS answer cannot swap it), a deadline for the whole fetch, a size
 * cap and a redirect limit, with a user agent that says who is asking.
 */
export interface FetchPolicy {
  /** Tests serve pages on 127.0.0.1; nothing else should turn this on. */
  allowPrivateAddresses: boolean;
  /** Deadline for the whole fetch, redirects and body included. */
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  userAgent: string;
  /** HEAD asks only where an address leads (short links): no body is read. GET by default. */
  method?: 'GET' | 'HEAD';
}

export const defaultFetchPolicy: FetchPolicy = {
  allowPrivateAddresses: false,
  timeoutMs: 10_000,
  maxBytes: 2 * 1024 * 1024,
  maxRedirects: 5,
  userAgent: 'GuardpostAupCheck/0.1 (+school social media register; checks for a link to the school AUP)',
};

/** The fetch policy for this deployment: private addresses only in tests, whose pages are on 127.0.0.1. */
export function fetchPolicyFor(config: { env: string }): FetchPolicy {
  return { ...defaultFetchPolicy, allowPrivateAddresses: config.env === 'test' };
}

export type FetchFailure =
  | 'scheme'
  | 'address'
  | 'dns'
  | 'timeout'
  | 'too_many_redirects'
  | 'http_status'
  | 'network';

export type FetchOutcome =
  | {
      ok: true;
      url: string;
      status: number;
      contentType: string;
      body: string;
      /** The body was cut at `maxBytes`. */
      truncated: boolean;
      /** Every address visited before `url`, in order. */
      redirects: string[];
      /** The `Link` header, when the answer had one (APIs page with it). */
      link?: string;
    }
  | { ok: false; failure: FetchFailure; reason: string; status?: number; url: string };

export { isPrivateAddress };

class RefusedAddress extends Error {
  readonly code = 'EGUARDPOSTREFUSED';
}

function guardedLookup(policy: FetchPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, family: options.family ?? 0 }, (error, addresses: LookupAddress[]) => {
      if (error) {
        callback(error, '', 4);
        return;
      }
      // Refuse the host when any answer is private: an attacker controls which answer we would get.
      const refused = !policy.allowPrivateAddresses && addresses.some((a) => isPrivateAddress(a.address));
      if (refused || addresses.length === 0) {
        callback(new RefusedAddress(`${hostname} resolves to an address that is not allowed`), '', 4);
        return;
      }
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0]?.address ?? '', addresses[0]?.family ?? 4);
    });
  };
}

interface OneResponse {
  response: IncomingMessage;
}

function requestOnce(url: URL, policy: FetchPolicy, signal: AbortSignal): Promise<OneResponse> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: policy.method ?? 'GET',
        lookup: guardedLookup(policy),
        signal,
        headers: {
          'user-agent': policy.userAgent,
          accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1',
          'accept-encoding': 'identity',
        },
        // No connection reuse: every hop is checked afresh.
        agent: false,
      },
      (response) => resolve({ response }),
    );
    request.on('error', reject);
    request.end();
  });
}

function readBody(
  response: IncomingMessage,
  maxBytes: number,
): Promise<{ bytes: Buffer; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    response.on('data', (chunk: Buffer) => {
      if (done) return;
      const room = maxBytes - size;
      if (chunk.length >= room) {
        chunks.push(chunk.subarray(0, room));
        size += room;
        done = true;
        response.destroy();
        resolve({ bytes: Buffer.concat(chunks), truncated: true });
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    });
    response.on('end', () => {
      if (done) return;
      done = true;
      resolve({ bytes: Buffer.concat(chunks), truncated: false });
    });
    response.on('error', (error) => {
      if (!done) reject(error);
    });
    response.on('aborted', () => {
      if (!done) reject(new Error('aborted'));
    });
  });
}

function describeNetworkError(error: unknown): { failure: FetchFailure; reason: string } {
  if (error instanceof RefusedAddress) return { failure: 'address', reason: error.message };
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const name = error instanceof Error ? error.name : '';
  if (name === 'AbortError' || code === 'ABORT_ERR')
    return { failure: 'timeout', reason: 'the page took too long' };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return { failure: 'dns', reason: 'the site’s name does not resolve' };
  if (code === 'ECONNREFUSED') return { failure: 'network', reason: 'the site refused the connection' };
  if (code.startsWith('ERR_TLS') || code.includes('CERT'))
    return { failure: 'network', reason: 'the site’s certificate is not valid' };
  return { failure: 'network', reason: `the site could not be reached${code ? ` (${code})` : ''}` };
}

/** Fetches a page under the policy, following redirects itself so that every hop is checked. */
export async function safeFetch(
  address: string,
  policy: FetchPolicy = defaultFetchPolicy,
): Promise<FetchOutcome> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), policy.timeoutMs);
  const redirects: string[] = [];
  let current = address;
  try {
    for (;;) {
      let url: URL;
      try {
        url = new URL(current);
      } catch {
        return { ok: false, failure: 'scheme', reason: 'not a web address', url: current };
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        return {
          ok: false,
          failure: 'scheme',
          reason: `only http and https pages are fetched, not ${url.protocol}`,
          url: current,
        };
      if (url.username || url.password)
        return {
          ok: false,
          failure: 'scheme',
          reason: 'addresses with credentials are not fetched',
          url: current,
        };
      const literal = url.hostname.replace(/^\[|\]$/g, '');
      if (isIP(literal) && !policy.allowPrivateAddresses && isPrivateAddress(literal))
        return { ok: false, failure: 'address', reason: `${literal} is not a public address`, url: current };

      let response: IncomingMessage;
      try {
        ({ response } = await requestOnce(url, policy, controller.signal));
      } catch (error) {
        return { ok: false, ...describeNetworkError(error), url: current };
      }
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (status >= 300 && status < 400 && location) {
        response.resume();
        if (redirects.length >= policy.maxRedirects)
          return {
            ok: false,
            failure: 'too_many_redirects',
            reason: `more than ${policy.maxRedirects} redirects`,
            url: current,
          };
        redirects.push(current);
        try {
          current = new URL(location, url).href;
        } catch {
          return { ok: false, failure: 'network', reason: 'a redirect pointed nowhere valid', url: current };
        }
        continue;
      }
      if (status < 200 || status >= 300) {
        response.resume();
        return {
          ok: false,
          failure: 'http_status',
          status,
          reason: `the site answered HTTP ${status}`,
          url: current,
        };
      }
      if (policy.method === 'HEAD') {
        response.resume();
        return {
          ok: true,
          url: current,
          status,
          contentType: String(response.headers['content-type'] ?? ''),
          body: '',
          truncated: false,
          redirects,
        };
      }
      let body: { bytes: Buffer; truncated: boolean };
      try {
        body = await readBody(response, policy.maxBytes);
      } catch (error) {
        return {
          ok: false,
          ...describeNetworkError(
            controller.signal.aborted ? Object.assign(new Error('aborted'), { name: 'AbortError' }) : error,
          ),
          url: current,
        };
      }
      return {
        ok: true,
        url: current,
        status,
        contentType: String(response.headers['content-type'] ?? ''),
        body: new TextDecoder('utf-8').decode(body.bytes),
        truncated: body.truncated,
        redirects,
        ...(typeof response.headers.link === 'string' ? { link: response.headers.link } : {}),
      };
    }
  } finally {
    clearTimeout(timer);
  }
}
