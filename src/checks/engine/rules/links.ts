import { isTrusted, isUnder, type LinkSettings, lookalikeOf } from '../links/classify-links.js';
import { describeLink, type FoundLink } from '../links/find-links.js';
import { isListed } from '../links/normalise.js';
import { isKnownShortener, type LinkExpansion, looksLikeShortLink } from '../links/short-links.js';
import type { TextScan } from '../text-scan.js';
import type { RawFinding } from '../types.js';
import { defineRule } from './rule.js';

export const insecure = defineRule({
  id: 'link.insecure',
  clause: '2.5',
  defaultSeverity: 'advice',
  title: 'Insecure link (http)',
  fix: 'Use the https:// address if the site has one.',
  messages: {
    found: 'The link uses http, which is not encrypted.',
    suggestion: (secure: string) => `Use ${secure} if the site offers it.`,
  },
});

export const shortener = defineRule({
  id: 'link.shortener',
  clause: '2.5',
  defaultSeverity: 'review',
  title: 'Shortened link hides its destination',
  fix: 'Link to the full address so readers can see where it goes.',
  messages: {
    knownShortener: (domain: string) => `${domain} is a link shortener`,
    looksShort: (raw: string) =>
      `${raw} looks like a short link (a short site and a code for a path): the destination is hidden`,
    offline: (what: string) => `${what}; the destination could not be seen (links are not followed offline).`,
    unseen: (what: string, reason: string) => `${what}; the destination could not be seen (${reason}).`,
    leadsTo: (what: string, host: string) =>
      `${what}; it leads to ${host}. Readers cannot see that: link to it directly.`,
    suggestion: (href: string) => `Link to ${href} instead.`,
  },
});

export const blocked = defineRule({
  id: 'link.blocked',
  clause: '2.5',
  defaultSeverity: 'block',
  title: 'Link to a blocked site',
  fix: 'Remove the link: the site is on the school’s block list.',
  messages: { found: (via: string, domain: string) => `${via}${domain} is on the school’s block list.` },
});

export const lookalike = defineRule({
  id: 'link.lookalike',
  clause: '2.5',
  defaultSeverity: 'block',
  title: 'Lookalike domain',
  fix: 'Check the address: it imitates another site. Link to the real one.',
  messages: { found: (via: string, why: string) => `${via}The address ${why}.` },
});

export const ip = defineRule({
  id: 'link.ip',
  clause: '2.5',
  defaultSeverity: 'review',
  title: 'Link to a bare IP address',
  fix: 'Link to a named site instead of an IP address.',
  messages: { found: (via: string) => `${via}The link points at a bare IP address, not a named site.` },
});

export const credentials = defineRule({
  id: 'link.credentials',
  clause: '2.5',
  defaultSeverity: 'block',
  title: 'Link with a user name or password before the host',
  fix: 'Remove the part before “@”: it can disguise the real destination.',
  messages: {
    found: (via: string) =>
      `${via}The link has a user name or password before the host, a trick that hides the real site.`,
  },
});

export const notAllowed = defineRule({
  id: 'link.not_allowed',
  clause: '2.5',
  defaultSeverity: 'review',
  title: 'Link outside the school’s allowed sites',
  fix: 'Ask a manager to add the site to the allowed list, or remove the link.',
  messages: { found: (domain: string) => `${domain} is not on the school’s list of allowed sites.` },
});

export const rules = [insecure, shortener, blocked, lookalike, ip, credentials, notAllowed] as const;

interface At {
  start: number;
  end: number;
  part: 'links';
}

const throughShortLink = 'Through the short link: ';

/** The rules that judge where a link goes: credentials trick, block lists, lookalikes, a bare IP. */
function destinationFindings(
  link: FoundLink,
  settings: LinkSettings,
  at: At,
  via = '',
): { findings: RawFinding[]; blocked: boolean } {
  const findings: RawFinding[] = [];
  if (link.hasCredentials)
    findings.push({ rule: credentials.id, message: credentials.messages.found(via), ...at });
  const isBlocked = isListed(link.urlKey, settings.blockedDomains, settings.blockedUrls);
  if (isBlocked)
    findings.push({ rule: blocked.id, message: blocked.messages.found(via, link.domain), ...at });
  const imitated = lookalikeOf(link, settings);
  if (imitated)
    findings.push({ rule: lookalike.id, message: lookalike.messages.found(via, imitated), ...at });
  if (link.isIp) findings.push({ rule: ip.id, message: ip.messages.found(via), ...at });
  return { findings, blocked: isBlocked };
}

function shortLinkFindings(
  link: FoundLink,
  settings: LinkSettings,
  at: At,
  expansion: LinkExpansion | undefined,
  known: boolean,
): RawFinding[] {
  const what = known
    ? shortener.messages.knownShortener(link.domain)
    : shortener.messages.looksShort(link.raw);
  let destination: FoundLink | undefined;
  if (expansion?.destination) {
    try {
      const url = new URL(expansion.destination);
      destination = describeLink(url.href, url.href, at.start, at.end);
    } catch {
      destination = undefined;
    }
  }
  if (destination === undefined) {
    const message =
      expansion === undefined
        ? shortener.messages.offline(what)
        : shortener.messages.unseen(what, expansion.reason ?? 'no answer');
    return [{ rule: shortener.id, message, ...at }];
  }
  return [
    {
      rule: shortener.id,
      message: shortener.messages.leadsTo(what, destination.host),
      ...at,
      suggestion: shortener.messages.suggestion(destination.href),
    },
    ...destinationFindings(destination, settings, at, throughShortLink).findings,
  ];
}

/**
 * Applies the link rules to each link found. `options.expanded` holds, by the link's start offset, where
 * short links were found to lead when the server could go online; without it a short link says its
 * destination could not be seen.
 */
export function detectText(scan: TextScan): RawFinding[] {
  const links = scan.links;
  if (links.length === 0) return [];
  const settings = scan.settings.links;
  const expanded = scan.options.expanded;
  const findings: RawFinding[] = [];
  for (const link of links) {
    const at: At = { start: link.start, end: link.end, part: 'links' };
    const { findings: own, blocked: isBlocked } = destinationFindings(link, settings, at);
    findings.push(...own);
    const known = isKnownShortener(link, settings.shortenerDomains);
    if (known || looksLikeShortLink(link, (l) => isTrusted(l, settings)))
      findings.push(...shortLinkFindings(link, settings, at, expanded?.get(link.start), known));
    if (link.hasScheme && link.scheme === 'http') {
      findings.push({
        rule: insecure.id,
        message: insecure.messages.found,
        ...at,
        suggestion: insecure.messages.suggestion(link.raw.replace(/^http:/i, 'https:')),
      });
    }
    if (settings.allowOnlyListed && !isBlocked && !isUnder(link.host, settings.allowedDomains))
      findings.push({ rule: notAllowed.id, message: notAllowed.messages.found(link.domain), ...at });
  }
  return findings;
}
