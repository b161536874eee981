import { parse } from 'tldts';
import type { FoundLink } from './find-links.js';
import { isKnownShortener, looksLikeShortLink } from './short-links.js';
import { builtInShorteners } from './shorteners.js';

export interface LinkSettings {
  allowedDomains: ReadonlySet<string>;
  allowOnlyListed: boolean;
  blockedDomains: ReadonlySet<string>;
  blockedUrls: ReadonlySet<string>;
  /** Skeletons of allowed and well-known domains → the domain, for lookalike checks. */
  protectedSkeletons: ReadonlyMap<string, string>;
  /** Labels (before the public suffix) of protected domains, for one-letter-off checks. */
  protectedLabels: ReadonlyMap<string, string>;
  /** Shortener domains from a loaded list, on top of the built-in ones. */
  shortenerDomains: ReadonlySet<string>;
}

/** Services whose links hide where they lead (the built-in list; see shorteners.ts). */
export const shorteners: ReadonlySet<string> = builtInShorteners;

/** Domains people are tricked into trusting: lookalikes of these are blocked. */
export const wellKnownDomains: readonly string[] = `google.com google.co.uk gmail.com youtube.com facebook.com
  instagram.com whatsapp.com twitter.com x.com tiktok.com snapchat.com linkedin.com microsoft.com office.com
  live.com outlook.com apple.com icloud.com amazon.com amazon.co.uk paypal.com ebay.co.uk netflix.com
  bbc.co.uk gov.uk nhs.uk parentpay.com classdojo.com wonde.com arbor-education.com scopay.com
  schoolmoney.co.uk teams.microsoft.com zoom.us dropbox.com wikipedia.org barclays.co.uk hsbc.co.uk
  natwest.com lloydsbank.com santander.co.uk nationwide.co.uk royalmail.com hmrc.gov.uk dvla.gov.uk`
  .split(/\s+/)
  .filter(Boolean);

// Characters from other scripts (and digit tricks) that look like Latin letters.
const confusables: Readonly<Record<string, string>> = {
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  х: 'x',
  у: 'y',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  һ: 'h',
  ɡ: 'g',
  ӏ: 'l',
  ո: 'n',
  ս: 'u',
  α: 'a',
  ο: 'o',
  ν: 'v',
  ρ: 'p',
  τ: 't',
  κ: 'k',
  ι: 'i',
  ε: 'e',
  υ: 'u',
  '0': 'o',
  '1': 'l',
  '3': 'e',
  '5': 's',
  '¡': 'i',
  ı: 'i',
  ł: 'l',
  ß: 'b',
};

/** A domain reduced to how it looks: confusables mapped, rn → m, vv → w, l/i/1 merged, hyphens dropped. */
export function skeleton(domain: string): string {
  let out = '';
  for (const ch of domain.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase())
    out += confusables[ch] ?? ch;
  return out.replace(/rn/g, 'm').replace(/vv/g, 'w').replace(/[il]/g, 'l').replace(/-/g, '');
}

function scriptsOf(label: string): Set<string> {
  const scripts = new Set<string>();
  for (const ch of label) {
    if (/\p{Script=Latin}/u.test(ch)) scripts.add('Latin');
    else if (/\p{Script=Cyrillic}/u.test(ch)) scripts.add('Cyrillic');
    else if (/\p{Script=Greek}/u.test(ch)) scripts.add('Greek');
    else if (/\p{Script=Armenian}/u.test(ch)) scripts.add('Armenian');
    else if (/\p{L}/u.test(ch)) scripts.add('Other');
  }
  return scripts;
}

function oneEditApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i += 1;
  if (a.length === b.length) {
    return (
      a.slice(i + 1) === b.slice(i + 1) ||
      (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2))
    );
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

function domainAndParents(host: string): string[] {
  const parts = host.split('.');
  const out: string[] = [];
  for (let i = 0; i < parts.length - 1; i += 1) out.push(parts.slice(i).join('.'));
  return out;
}

/** Whether a host is one of the domains or under one of them. */
export function isUnder(host: string, domains: ReadonlySet<string>): boolean {
  return domainAndParents(host).some((d) => domains.has(d)) || domains.has(host);
}

// The same hosts recur from text to text: what one imitates is worked out once per school's settings.
const lookalikeCaches = new WeakMap<LinkSettings, Map<string, string | undefined>>();
const lookalikeCacheLimit = 10_000;

/** Why a domain imitates a protected one, or undefined. */
export function lookalikeOf(link: FoundLink, settings: LinkSettings): string | undefined {
  let cache = lookalikeCaches.get(settings);
  if (cache === undefined) {
    cache = new Map();
    lookalikeCaches.set(settings, cache);
  }
  const key = `${link.isIp ? 'ip' : ''}\u0000${link.host}\u0000${link.hostUnicode}\u0000${link.domain}`;
  if (cache.has(key)) return cache.get(key);
  const found = judgeLookalike(link, settings);
  if (cache.size >= lookalikeCacheLimit) cache.clear();
  cache.set(key, found);
  return found;
}

function judgeLookalike(link: FoundLink, settings: LinkSettings): string | undefined {
  if (link.isIp) return undefined;
  if (isUnder(link.host, settings.allowedDomains)) return undefined;
  const unicodeDomain = parse(link.hostUnicode).domain ?? link.hostUnicode;
  for (const label of link.hostUnicode.split('.')) {
    const scripts = scriptsOf(label);
    if (scripts.size > 1) return `mixes ${[...scripts].join(' and ')} letters`;
  }
  const protectedDomain = settings.protectedSkeletons.get(skeleton(unicodeDomain));
  if (protectedDomain && protectedDomain !== link.domain) return `looks like ${protectedDomain}`;
  const info = parse(link.host);
  const label = info.domainWithoutSuffix;
  if (label && label.length >= 5) {
    for (const [known, knownDomain] of settings.protectedLabels) {
      if (knownDomain !== link.domain && known.length >= 5 && oneEditApart(label, known))
        return `looks like ${knownDomain}`;
    }
  }
  return undefined;
}

const wellKnownSet: ReadonlySet<string> = new Set(wellKnownDomains);

/** Whether a link hides its destination: a known shortener, or an unknown short host with a code path. */
export function isShortLink(link: FoundLink, settings: LinkSettings): boolean {
  return (
    isKnownShortener(link, settings.shortenerDomains) ||
    looksLikeShortLink(link, (l) => isTrusted(l, settings))
  );
}

/** A site the school allows, or one of the well-known sites: never taken for an unknown shortener. */
export function isTrusted(link: FoundLink, settings: LinkSettings): boolean {
  return isUnder(link.host, settings.allowedDomains) || isUnder(link.host, wellKnownSet);
}

export function compileLinkSettings(settings: {
  allowedDomains?: readonly string[];
  allowOnlyListed?: boolean;
  blockedDomains?: ReadonlySet<string>;
  blockedUrls?: ReadonlySet<string>;
  shortenerDomains?: ReadonlySet<string>;
}): LinkSettings {
  const allowed = new Set(
    (settings.allowedDomains ?? []).map((d) => d.trim().toLowerCase().replace(/^\*\./, '')).filter(Boolean),
  );
  const protectedSkeletons = new Map<string, string>();
  const protectedLabels = new Map<string, string>();
  for (const d of [...wellKnownDomains, ...allowed]) {
    const domain = parse(d).domain ?? d;
    protectedSkeletons.set(skeleton(domain), domain);
    const label = parse(d).domainWithoutSuffix;
    if (label) protectedLabels.set(label, domain);
  }
  return {
    allowedDomains: allowed,
    allowOnlyListed: settings.allowOnlyListed === true,
    blockedDomains: settings.blockedDomains ?? new Set(),
    blockedUrls: settings.blockedUrls ?? new Set(),
    shortenerDomains: settings.shortenerDomains ?? new Set(),
    protectedSkeletons,
    protectedLabels,
  };
}
