import type { FetchOutcome } from '../accounts/safe-fetch.js';
import { invalid, unavailable } from '../platform/errors.js';
import type { Follower } from './follower-keys.js';

/** The most followers fetched for one handle (a personal account; a bigger list is cut, and says so). */
export const MAX_PUBLIC_FOLLOWERS = 5_000;
const PAGE = 80;

/** Fetches one address under the SSRF-safe policy; a test hands in a recorded exchange instead. */
export type PublicFetch = (url: string) => Promise<FetchOutcome>;

const offline = (server: string) =>
  unavailable(
    'PlatformUnreachable',
    `Guardpost could not reach ${server}: it fetches a public follower list over the internet, so this cannot work offline. Use your data export instead, or try again when Guardpost is online.`,
  );

function parseHandle(handle: string): { user: string; server: string } {
  const [user, server, extra] = handle.trim().replace(/^@/, '').split('@');
  if (
    !user ||
    !server ||
    extra !== undefined ||
    !/^[a-z0-9.-]+(:\d+)?$/i.test(server) ||
    !/^[\w.-]+$/.test(user)
  )
    throw invalid(
      'HandleInvalid',
      'write the Mastodon handle as name@server, for example jo@mastodon.social',
    );
  return { user, server: server.toLowerCase() };
}

async function getJson(
  fetchPage: PublicFetch,
  url: string,
  server: string,
): Promise<{ body: unknown; link?: string }> {
  const outcome = await fetchPage(url);
  if (!outcome.ok) {
    if (outcome.failure === 'http_status' && (outcome.status === 404 || outcome.status === 410))
      throw invalid(
        'HandleNotFound',
        `${server} does not know that account: check how the handle is written`,
      );
    if (outcome.failure === 'http_status')
      throw unavailable('PlatformRefused', `${server} answered HTTP ${outcome.status ?? 0}: try again later`);
    throw offline(server);
  }
  try {
    return { body: JSON.parse(outcome.body) as unknown, ...(outcome.link ? { link: outcome.link } : {}) };
  } catch {
    throw unavailable('PlatformRefused', `${server} did not answer as a Mastodon server does`);
  }
}

/**
 * A Mastodon account's public follower list, by handle: the account looked up, then its followers paged
 * through, 80 at a time, up to MAX_PUBLIC_FOLLOWERS. Names and handles are returned to the caller only:
 * nothing here logs or stores them.
 */
export async function fetchMastodonFollowers(
  fetchPage: PublicFetch,
  handle: string,
  scheme: 'https' | 'http' = 'https',
): Promise<{ followers: Follower[]; truncated: boolean }> {
  const { user, server } = parseHandle(handle);
  const base = `${scheme}://${server}`;
  const { body } = await getJson(
    fetchPage,
    `${base}/api/v1/accounts/lookup?acct=${encodeURIComponent(user)}`,
    server,
  );
  const id = (body as { id?: unknown }).id;
  if (typeof id !== 'string' || id === '')
    throw invalid('HandleNotFound', `${server} does not know that account: check how the handle is written`);
  const followers: Follower[] = [];
  let next: string | undefined = `${base}/api/v1/accounts/${encodeURIComponent(id)}/followers?limit=${PAGE}`;
  while (next && followers.length < MAX_PUBLIC_FOLLOWERS) {
    const page = await getJson(fetchPage, next, server);
    const accounts = Array.isArray(page.body)
      ? (page.body as { acct?: unknown; display_name?: unknown }[])
      : [];
    for (const a of accounts)
      followers.push({
        name: typeof a.display_name === 'string' ? a.display_name : '',
        handle: typeof a.acct === 'string' ? a.acct : '',
      });
    const link = accounts.length > 0 ? /<([^>]+)>;\s*rel="next"/.exec(page.link ?? '')?.[1] : undefined;
    // The next page must stay on the same server: a Link header cannot send the fetcher elsewhere.
    next = link && new URL(link).host === new URL(base).host ? link : undefined;
  }
  return {
    followers: followers.slice(0, MAX_PUBLIC_FOLLOWERS),
    truncated: followers.length > MAX_PUBLIC_FOLLOWERS || next !== undefined,
  };
}
