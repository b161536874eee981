import { parse } from 'tldts';
import type { FoundLink } from './find-links.js';
import { builtInShorteners } from './shorteners.js';

/** Where a short link was found to lead, when the server may go online; undefined when it could not be seen. */
export interface LinkExpansion {
  /** The address the redirects end at. */
  destination?: string;
  /** Why the destination could not be seen ("the site answered HTTP 404"). */
  reason?: string;
}

function underAny(host: string, domains: ReadonlySet<string>): boolean {
  if (domains.size === 0) return false;
  if (domains.has(host)) return true;
  for (let at = host.indexOf('.'); at >= 0; at = host.indexOf('.', at + 1))
    if (domains.has(host.slice(at + 1))) return true;
  return false;
}

/** A known shortener: the built-in list or a loaded list's `shortener` category (subdomains included). */
export function isKnownShortener(link: FoundLink, listed: ReadonlySet<string>): boolean {
  const host = link.host.replace(/^www\./, '');
  return underAny(host, builtInShorteners) || underAny(host, listed);
}

const wordAndNumber = /^(?:[A-Za-z][a-z]*[-_]?\d+|\d+[-_]?[A-Za-z][a-z]*)$/;

// One path segment of letters and digits, nothing after it: the shape of a shortener's code.
const opaqueSegment = /^\/([A-Za-z0-9_-]{4,12})\/?$/;

/** How often the characters change class (lower, upper, digit): codes such as "3xYzQ" change often. */
function classChanges(code: string): number {
  let changes = 0;
  let last = '';
  for (const ch of code) {
    const cls =
      ch >= '0' && ch <= '9' ? 'd' : ch >= 'A' && ch <= 'Z' ? 'u' : ch >= 'a' && ch <= 'z' ? 'l' : 'o';
    if (last !== '' && cls !== last) changes += 1;
    last = cls;
  }
  return changes;
}

/**
 * An unknown host with a short opaque path ("xq.io/aB3dE9"): most likely a shortener this list lacks. The
 * host must be short (a bare domain, its label at most seven letters) and the path one segment mixing
 * letters with digits or capitals the way generated codes do ("Year10", "page2" and "news" do not).
 */
export function looksLikeShortLink(link: FoundLink, trusted: (link: FoundLink) => boolean): boolean {
  const match = opaqueSegment.exec(link.pathAndQuery);
  if (!match || link.isIp || trusted(link)) return false;
  const code = match[1] as string;
  // "Year10", "u11", "2025Report": a word and a number, not a generated code.
  if (wordAndNumber.test(code)) return false;
  const info = parse(link.host.replace(/^www\./, ''));
  const label = info.domainWithoutSuffix ?? '';
  const bare = link.host.replace(/^www\./, '') === info.domain;
  if (!bare || label.length === 0 || label.length > 7) return false;
  const hasDigit = /\d/.test(code);
  const hasLetter = /[A-Za-z]/.test(code);
  const innerCapital = /[a-z0-9][A-Z]/.test(code);
  return hasLetter && (hasDigit || innerCapital) && classChanges(code) >= 2;
}

/** At most this many short links are followed per text: a post of fifty short links is reviewed anyway. */
export const maxExpandedLinks = 5;

/** Expands the short links among `links` (by start offset), the first few only, in parallel. */
export async function expandLinks(
  links: readonly FoundLink[],
  isShort: (link: FoundLink) => boolean,
  expand: (href: string) => Promise<LinkExpansion>,
): Promise<Map<number, LinkExpansion>> {
  const short = links.filter(isShort).slice(0, maxExpandedLinks);
  const results = await Promise.all(
    short.map(async (l) => {
      try {
        return [l.start, await expand(l.href)] as const;
      } catch {
        return [l.start, { reason: 'the link could not be followed' }] as const;
      }
    }),
  );
  return new Map(results);
}
