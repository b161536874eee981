import { defaultFetchPolicy, type FetchPolicy, safeFetch } from '../accounts/safe-fetch.js';
import type { LinkExpansion } from '../checks/engine/links/short-links.js';

/**
 * Follows a short link to where it leads through the SSRF-safe fetcher: HEAD requests only (no body is
 * read), redirects followed hop by hop up to the policy's limit, every hop's address checked. A final
 * answer that is not 2xx still tells where the redirects ended, which is what the link rules need.
 */
export function linkExpander(policy: FetchPolicy = defaultFetchPolicy) {
  const head: FetchPolicy = { ...policy, method: 'HEAD' };
  return async (href: string): Promise<LinkExpansion> => {
    const outcome = await safeFetch(href, head);
    if (outcome.ok)
      return outcome.url === href ? { reason: 'the link did not redirect' } : { destination: outcome.url };
    if (outcome.failure === 'http_status' && outcome.url !== href) return { destination: outcome.url };
    return { reason: outcome.reason };
  };
}

/** Link expansion for the server: only in production may checks reach the open web. */
export function linkExpansionFor(config: {
  env: string;
}): ((href: string) => Promise<LinkExpansion>) | undefined {
  return config.env === 'production' ? linkExpander() : undefined;
}
