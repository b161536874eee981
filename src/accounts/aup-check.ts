import type { AupResult } from './accounts.table.js';
import { comparableUrl, extractLinks, isShortener, knownShorteners } from './aup-link.js';
import { identityFromUrl } from './identity.js';
import { type PlatformId, platforms } from './platforms.js';
import { type FetchPolicy, safeFetch } from './safe-fetch.js';

export interface AupCheckInput {
  platform: PlatformId;
  identityKey: string;
  profileUrl: string;
  aupUrl: string | null;
  /** The owner attests that the About page links to the AUP. */
  attested: boolean;
}

export interface AupCheckOutcome {
  result: AupResult;
  reason: string;
  checkedUrl: string | null;
}

export interface AupCheckOptions {
  policy: FetchPolicy;
  /** Hosts treated as link shorteners; the built-in list unless a test says otherwise. */
  shorteners?: ReadonlySet<string>;
  /** At most this many shortened links are followed per page. */
  maxShortLinks?: number;
}

function attestedOr(input: AupCheckInput, why: string): AupCheckOutcome {
  return input.attested
    ? {
        result: 'attested',
        reason: `${why}; the owner’s attestation stands (attested, not verified)`,
        checkedUrl: null,
      }
    : {
        result: 'could_not_check',
        reason: `${why}, and the owner has not attested the link`,
        checkedUrl: null,
      };
}

/**
 * Looks for a link to the school's AUP on the account's public profile page (clause 2.8). Links through
 * known shorteners are followed to where they lead. On Mastodon a verified `rel="me"` link counts too: the
 * AUP page linking back to the account with `rel="me"` is how Mastodon proves a link.
 */
export async function checkAupLink(input: AupCheckInput, options: AupCheckOptions): Promise<AupCheckOutcome> {
  if (!input.aupUrl)
    return {
      result: 'could_not_check',
      reason: 'the school has not set the address of its AUP',
      checkedUrl: null,
    };
  const target = comparableUrl(input.aupUrl);
  if (!target)
    return {
      result: 'could_not_check',
      reason: 'the school’s AUP address is not a web address',
      checkedUrl: null,
    };
  const platform = platforms[input.platform];
  if (!platform.publicProfile)
    return attestedOr(input, `${platform.name} profiles cannot be read without signing in`);

  const page = await safeFetch(input.profileUrl, options.policy);
  if (!page.ok) {
    if (page.failure === 'http_status' && (page.status === 401 || page.status === 403))
      return attestedOr(input, 'the profile page needs signing in');
    return { result: 'could_not_check', reason: page.reason, checkedUrl: page.url };
  }
  const links = extractLinks(page.body, page.url);
  if (links.some((l) => comparableUrl(l.href) === target))
    return { result: 'found', reason: 'the profile page links to the AUP', checkedUrl: page.url };

  const shorteners = options.shorteners ?? knownShorteners;
  const short = [...new Set(links.map((l) => l.href).filter((h) => isShortener(h, shorteners)))].slice(
    0,
    options.maxShortLinks ?? 5,
  );
  for (const href of short) {
    const followed = await safeFetch(href, { ...options.policy, maxBytes: 64 * 1024 });
    const landed = followed.ok ? followed.url : followed.failure === 'http_status' ? followed.url : undefined;
    if (landed && comparableUrl(landed) === target)
      return {
        result: 'found',
        reason: 'the profile page links to the AUP through a link shortener',
        checkedUrl: page.url,
      };
  }

  if (input.platform === 'mastodon') {
    const aup = await safeFetch(input.aupUrl, options.policy);
    if (aup.ok) {
      const profile = comparableUrl(input.profileUrl);
      const back = extractLinks(aup.body, aup.url).some((l) => {
        if (!l.rel.includes('me')) return false;
        if (comparableUrl(l.href) === profile) return true;
        const identity = identityFromUrl(l.href);
        return identity.ok && identity.identity.key === input.identityKey;
      });
      if (back)
        return {
          result: 'found',
          reason: 'the AUP page links to the account with rel="me" (Mastodon verified link)',
          checkedUrl: page.url,
        };
    }
  }

  if (page.truncated)
    return {
      result: 'could_not_check',
      reason: `the page is larger than ${Math.round(options.policy.maxBytes / 1024)} KB and no AUP link was found in what was read`,
      checkedUrl: page.url,
    };
  return { result: 'not_found', reason: 'no link to the AUP on the profile page', checkedUrl: page.url };
}
