import { domainToASCII } from 'node:url';
import { find } from 'linkifyjs';
import { parse } from 'tldts';

export interface FoundLink {
  /** As written in the text. */
  raw: string;
  start: number;
  end: number;
  /** With a scheme added when the text had none. */
  href: string;
  hasScheme: boolean;
  scheme: string;
  /** Host in ASCII (punycode for international names), lower case. */
  host: string;
  /** Host as written, lower case (may hold Unicode). */
  hostUnicode: string;
  /** Registrable domain (example.co.uk), or the host when there is none (IP, local name). */
  domain: string;
  isIp: boolean;
  hasCredentials: boolean;
  /** host + path + query, no scheme: the key UT1 `urls` lists use. */
  urlKey: string;
}

// Cheap gate: linkify is the slowest step of a text check, so skip it when nothing can be a link.
const mayHoldLink = /[\p{L}\p{N}-]\.[\p{L}]{2,}|:\/\/|www\.|\d\.\d+\.\d/u;

/** Finds links with or without a scheme (linkifyjs) and parses their hosts (tldts, punycode). */
export function findLinks(text: string): FoundLink[] {
  if (!mayHoldLink.test(text)) return [];
  const links: FoundLink[] = [];
  for (const match of find(text, 'url')) {
    const parsed = describeLink(match.value, match.href, match.start, match.end);
    if (parsed) links.push(parsed);
  }
  return links;
}

export function describeLink(raw: string, href: string, start: number, end: number): FoundLink | undefined {
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw);
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return undefined;
  }
  const hostUnicode = rawHost(raw).toLowerCase();
  const host = (domainToASCII(url.hostname) || url.hostname).toLowerCase().replace(/^\[|\]$/g, '');
  const info = parse(host);
  const domain = info.isIp ? host : (info.domain ?? host);
  return {
    raw,
    start,
    end,
    href,
    hasScheme: schemeMatch !== null,
    scheme: (schemeMatch?.[1] ?? 'https').toLowerCase(),
    host,
    hostUnicode,
    domain,
    isIp: info.isIp === true || /^\d+$/.test(host),
    hasCredentials: url.username !== '' || url.password !== '',
    urlKey: `${host}${url.pathname === '/' ? '' : url.pathname}${url.search}`.toLowerCase(),
  };
}

function rawHost(raw: string): string {
  const noScheme = raw.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const hostPart = noScheme.split(/[/?#]/)[0] ?? '';
  const afterAt = hostPart.slice(hostPart.lastIndexOf('@') + 1);
  return afterAt.replace(/:\d+$/, '');
}
