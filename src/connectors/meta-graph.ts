import {
  type ConnectedAccount,
  ConnectorError,
  type ConnectorErrorCode,
  type ConnectorPlatformId,
  type OAuthApp,
} from './connector.js';
import type { ConnectorFetch } from './connector-registry.js';
import { arrayOf, createPlatformHttp, type PlatformHttp, recordOf, stringOf } from './platform-http.js';

/**
 * What Facebook Pages and Instagram professional accounts share: the Graph API, its error codes and
 * Facebook Login. The connected token is the Page's own, derived from a long-lived user token, which
 * does not expire; it stops working when the person removes the app or changes their password.
 */

export const graphOrigin = 'https://graph.facebook.com';
export const graphVersion = 'v24.0';

/** Graph API error codes that mean "slow down" (app, user, Page and business-use-case limits). */
const rateLimitCodes = new Set([4, 17, 32, 613, 80001, 80002, 80004]);

/** Minutes to wait from the business-use-case usage header Meta sends with a throttled answer. */
function regainSeconds(headers: Headers): number | undefined {
  const usage = headers.get('x-business-use-case-usage') ?? headers.get('x-app-usage');
  if (!usage) return undefined;
  try {
    const parsed = JSON.parse(usage) as unknown;
    const entries = Object.values(recordOf(parsed)).flatMap((v) => arrayOf(v));
    const minutes = Math.max(
      0,
      ...entries.map((e) => Number(recordOf(e).estimated_time_to_regain_access ?? 0)),
    );
    return minutes > 0 ? minutes * 60 : undefined;
  } catch {
    return undefined;
  }
}

export function classifyGraphError(
  status: number,
  body: unknown,
  headers: Headers,
): { code: ConnectorErrorCode; retryAfterSeconds?: number } | undefined {
  const error = recordOf(recordOf(body).error);
  const code = Number(error.code);
  const subcode = Number(error.error_subcode);
  if (rateLimitCodes.has(code)) {
    const retryAfterSeconds = regainSeconds(headers);
    return retryAfterSeconds === undefined
      ? { code: 'rate_limited' }
      : { code: 'rate_limited', retryAfterSeconds };
  }
  // 190: the token is no good. 463 and 467 say it expired; the rest (458 app removed, 460 password
  // changed, 464 unconfirmed user) need a person to connect again.
  if (code === 190 || code === 102) return { code: subcode === 463 ? 'token_expired' : 'token_revoked' };
  // 100/33: "Object with ID … does not exist, cannot be loaded due to missing permissions, or does not support this operation".
  if (code === 100 && subcode === 33) return { code: 'not_found' };
  if (status === 404) return { code: 'not_found' };
  return undefined;
}

export function graphHttp(
  platform: ConnectorPlatformId,
  fetch: ConnectorFetch,
  now: () => Date,
): PlatformHttp {
  return createPlatformHttp({ platform, fetch, now, classify: classifyGraphError });
}

export function graphUrl(baseUrl: string, path: string, query: Record<string, string> = {}): URL {
  const url = new URL(`/${graphVersion}/${path.replace(/^\//, '')}`, baseUrl);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url;
}

/** Facebook Login's authorisation page. */
export function facebookLoginUrl(
  input: { redirectUri: string; state: string; app?: OAuthApp; scopes: readonly string[] },
  platform: ConnectorPlatformId,
): string {
  if (!input.app)
    throw new ConnectorError(
      platform,
      'not_supported',
      'connecting Meta accounts needs a Meta app: set GUARDPOST_META_APP_ID and GUARDPOST_META_APP_SECRET',
    );
  const url = new URL(`https://www.facebook.com/${graphVersion}/dialog/oauth`);
  url.searchParams.set('client_id', input.app.clientId);
  url.searchParams.set('redirect_uri', input.redirectUri);
  url.searchParams.set('state', input.state);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', input.scopes.join(','));
  return url.href;
}

/**
 * The code → short-lived user token → long-lived user token → the Pages the person manages, with each
 * Page's own token (which, derived from a long-lived user token, has no expiry).
 */
export async function managedPages(
  api: PlatformHttp,
  input: { baseUrl: string; redirectUri: string; code: string; app?: OAuthApp },
  platform: ConnectorPlatformId,
  fields: string,
): Promise<Record<string, unknown>[]> {
  const app = input.app;
  if (!app)
    throw new ConnectorError(
      platform,
      'not_supported',
      'connecting Meta accounts needs GUARDPOST_META_APP_ID and GUARDPOST_META_APP_SECRET',
    );
  const short = await api.request({
    method: 'GET',
    url: graphUrl(input.baseUrl, 'oauth/access_token', {
      client_id: app.clientId,
      redirect_uri: input.redirectUri,
      client_secret: app.clientSecret,
      code: input.code,
    }),
  });
  const long = await api.request({
    method: 'GET',
    url: graphUrl(input.baseUrl, 'oauth/access_token', {
      grant_type: 'fb_exchange_token',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      fb_exchange_token: stringOf(recordOf(short.body).access_token),
    }),
  });
  const pages = await api.request({
    method: 'GET',
    url: graphUrl(input.baseUrl, 'me/accounts', { fields }),
    token: stringOf(recordOf(long.body).access_token),
  });
  return arrayOf(recordOf(pages.body).data).map(recordOf);
}

/** Picks the one account the register names, or the only one; refuses to guess between several. */
export function pickManaged<T>(
  platform: ConnectorPlatformId,
  candidates: readonly T[],
  namesOf: (candidate: T) => string[],
  expectedHandle: string | null,
): T {
  const wanted = expectedHandle?.replace(/^@/, '').toLowerCase();
  const match = wanted
    ? candidates.find((c) => namesOf(c).some((n) => n.toLowerCase() === wanted))
    : undefined;
  if (match) return match;
  if (candidates.length === 1 && candidates[0] !== undefined) return candidates[0];
  throw new ConnectorError(
    platform,
    'rejected',
    candidates.length === 0
      ? 'the person who signed in manages no account Guardpost can connect'
      : `the person who signed in manages ${candidates.length} accounts and none is ${expectedHandle ?? 'named in the register'}`,
  );
}

export type { ConnectedAccount };
