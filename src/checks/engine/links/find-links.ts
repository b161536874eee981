import { domainToASCII } from 'node:url';
import { find } from 'linkifyjs';
import { parse } from 'tldts';
import { matchesOf } from '../text/matches.js';
import { urlKeyOf } from './normalise.js';

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
  /** Host + path + query in the normal form block-list entries are kept in (see normalise.ts). */
  urlKey: string;
  /** Path and query as parsed, case kept ("/3xYzQ"): what the short-link test reads. */
  pathAndQuery: string;
}

// Cheap gate: linkify is the slowest step of a text check, so skip it when nothing can be a link.
// Emoji and other symbols may make up an international domain name ("➡.ws"); mailto: needs no dot.
const mayHoldLink = /[\p{L}\p{N}\p{So}-]\.[\p{L}]{2,}|:\/\/|www\.|\d\.\d+\.\d|(?:^|\s)\/\/\w|mailto:/iu;
// Links never hold white space, and East Asian full-width punctuation ends them (｜、。「」（）).
const chunkPattern = /[^\s\u3000-\u303f\uff5c\uff08\uff09\uff0c\uff1a\uff1b]+/gu;
const chunkMayHoldLink = /[.:]|^\/\//;
// A bare IPv4 address, with an optional port and path: linkify leaves these out, the link.ip rule wants them.
const bareIp =
  /^(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}(?::\d{1,5})?(?:\/[^\s]*)?$/;
// Before a link without a scheme: a character that makes it part of something else (a path, a handle,
// snake_case, a broken scheme such as "hppt://").
const glued = /[\p{L}\p{N}_@:./\\-]/u;

/** Cuts a link at its first unbalanced closing bracket: "(see example.com)" or markdown "[a](url)[b](…)". */
function balance(raw: string): string {
  let depth = 0;
  for (let i = 0; i < raw.length; i += 1) {
    const ch = raw[i];
    if (ch === '(' || ch === '[') depth += 1;
    else if (ch === ')' || ch === ']') {
      if (depth === 0) return raw.slice(0, i);
      depth -= 1;
    }
  }
  return raw;
}

/**
 * A quote opened inside a link's path is closed by the quote that follows it ("/a_'b'" keeps its last
 * quote), as a bracket is; a quote that only follows the link ("see 'example.com'") stays outside.
 */
function closeQuotes(raw: string, after: string): string {
  const pathStart = raw.search(/[^/]\/(?!\/)/);
  if (pathStart < 0) return raw;
  const path = raw.slice(pathStart);
  for (const quote of ['"', "'"]) {
    const count = path.split(quote).length - 1;
    if (count % 2 === 1 && after.startsWith(quote)) return raw + quote;
  }
  return raw;
}

/** Finds links with or without a scheme (linkifyjs) and parses their hosts (tldts, punycode). */
export function findLinks(text: string): FoundLink[] {
  if (!mayHoldLink.test(text)) return [];
  const links: FoundLink[] = [];
  // linkify runs on the few space-free chunks that can hold a link, not on the whole text.
  for (const chunk of matchesOf(chunkPattern, text)) {
    const word = chunk[0];
    if (!chunkMayHoldLink.test(word)) continue;
    const base = chunk.index;
    // A copy each time: a finding's link is the caller's to keep, never the cache's.
    for (const link of linksInChunk(word))
      links.push({ ...link, start: link.start + base, end: link.end + base });
  }
  return links;
}

// The same chunks (a school's own address, a shortener) recur from text to text: what links a chunk holds
// depends on its characters only, so it is worked out once (offsets from the chunk's start). Bounded.
const chunkLinks = new Map<string, readonly FoundLink[]>();
const chunkLinksLimit = 10_000;

function linksInChunk(word: string): readonly FoundLink[] {
  let found = chunkLinks.get(word);
  if (found === undefined) {
    found = parseChunk(word);
    if (chunkLinks.size >= chunkLinksLimit) chunkLinks.clear();
    chunkLinks.set(word, found);
  }
  return found;
}

/** The links in one space-free chunk, their offsets from the chunk's start. */
function parseChunk(word: string): FoundLink[] {
  const links: FoundLink[] = [];
  for (const match of find(word, 'url')) {
    let start = match.start;
    let raw = balance(match.value);
    if (raw === match.value) raw = closeQuotes(raw, word.slice(match.end));
    const hasScheme = /^[a-z][a-z0-9+.-]*:/i.test(raw);
    const prev = word[start - 1];
    if (!hasScheme && prev !== undefined) {
      // "//example.com" is a link (protocol-relative) unless it is glued to something ("_//", "///").
      const protocolRelative = word.slice(start - 2, start) === '//' && !glued.test(word[start - 3] ?? ' ');
      if (protocolRelative) {
        start -= 2;
        raw = `//${raw}`;
      } else if (glued.test(prev)) continue;
    }
    if (hasScheme && prev !== undefined && /[\p{L}\p{N}_]/u.test(prev)) continue;
    const href = raw.startsWith('//') ? `https:${raw}` : raw === match.value ? match.href : hrefOf(raw);
    const parsed = describeLink(raw, href, start, start + raw.length);
    // A mailto: link names an address ("mailto:head@school"); "mailto:bar" alone is not one.
    const mailto = /^mailto:/i.test(raw);
    if (mailto && !/^mailto:[^@\s]+@[^@\s]/i.test(raw)) continue;
    if (parsed && (mailto || wellFormedHost(parsed.host)) && !/_$/.test(raw)) links.push(parsed);
  }
  if (links.length === 0) {
    const protocolRelative =
      /^\/\/(?:localhost|[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+)(?::\d+)?(?:\/\S*)?$/u.test(word);
    const candidate = protocolRelative ? word : bareIp.test(word) ? word : undefined;
    if (candidate !== undefined) {
      const parsed = describeLink(
        candidate,
        candidate.startsWith('//') ? `https:${candidate}` : `http://${candidate}`,
        0,
        candidate.length,
      );
      if (parsed) links.push(parsed);
    }
  }
  return links;
}

function hrefOf(raw: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : `http://${raw}`;
}

/** Host labels never start or end with a hyphen, and a host has no empty label. */
function wellFormedHost(host: string): boolean {
  return host.split('.').every((label) => label.length > 0 && !label.startsWith('-') && !label.endsWith('-'));
}

export function describeLink(raw: string, href: string, start: number, end: number): FoundLink | undefined {
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw);
  const hostUnicode = rawHost(raw).toLowerCase();
  const parsedUrl = parseUrl(href, hostUnicode);
  if (parsedUrl === undefined) return undefined;
  const { url, hostname } = parsedUrl;
  const host = (domainToASCII(hostname) || hostname).toLowerCase().replace(/^\[|\]$/g, '');
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
    urlKey: urlKeyOf(host, `${url.pathname}${url.search}`),
    pathAndQuery: `${url.pathname}${url.search}`,
  };
}

/** A host name whose last label is a number ("test.123") but which is no IPv4 address. */
const numericTopLabel = /^[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\d+$/u;

/**
 * Parses a link. The URL standard reads a host ending in a number ("//test.123") as an IPv4 address and
 * rejects it; a reader still sees a link, so its path is parsed under a stand-in host and the host is kept
 * as written.
 */
function parseUrl(href: string, hostUnicode: string): { url: URL; hostname: string } | undefined {
  try {
    const url = new URL(href);
    return { url, hostname: url.hostname };
  } catch {
    if (!numericTopLabel.test(hostUnicode)) return undefined;
  }
  const at = href.toLowerCase().indexOf(hostUnicode);
  if (at < 0) return undefined;
  try {
    const url = new URL(`${href.slice(0, at)}host.invalid${href.slice(at + hostUnicode.length)}`);
    return { url, hostname: hostUnicode };
  } catch {
    return undefined;
  }
}

function rawHost(raw: string): string {
  const noScheme = raw.replace(/^(?:[a-z][a-z0-9+.-]*:)?\/\//i, '');
  const hostPart = noScheme.split(/[/?#]/)[0] ?? '';
  const afterAt = hostPart.slice(hostPart.lastIndexOf('@') + 1);
  return afterAt.replace(/:\d+$/, '');
}
