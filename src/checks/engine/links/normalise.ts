import { domainToASCII } from 'node:url';

/**
 * One normal form for block-list entries and for the links they are compared with. Lists are written by
 * hand and by crawlers ("www.example.com/path/", "example.com:80/a?#top", "EXAMPLE.com/caf%C3%A9"); a link
 * in a post is written however its author copied it. Both go through the same steps here, so an entry
 * matches whatever spelling of the same address a link uses.
 */

// Runs of %XX escapes: decoded together so multi-byte UTF-8 sequences survive; a broken run stays as written.
const escapedRun = /(?:%[0-9a-f]{2})+/gi;

function decodePercent(text: string): string {
  if (!text.includes('%')) return text;
  return text.replace(escapedRun, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run.toLowerCase();
    }
  });
}

/** A host without `www.`, a trailing dot, a port or upper case; international names in punycode. */
export function normaliseHost(host: string): string {
  let h = decodePercent(host.trim().toLowerCase())
    .replace(/\.$/, '')
    // Any port: a listed site is the same site on another port, and links are compared without theirs.
    .replace(/:\d*$/, '')
    .replace(/\.$/, '');
  if (/[^\p{ASCII}]/u.test(h)) h = domainToASCII(h) || h;
  const bare = h.replace(/^www\d{0,2}\./, '');
  return bare.includes('.') ? bare : h;
}

/**
 * Path and query in one form: percent-escapes decoded, case folded, the fragment, an empty query ("/?")
 * and trailing slashes dropped. A path of "/" becomes empty, so "example.com/" and "example.com" agree.
 */
export function normalisePathAndQuery(pathAndQuery: string): string {
  let rest = pathAndQuery;
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  rest = decodePercent(rest).toLowerCase();
  const q = rest.indexOf('?');
  let path = q >= 0 ? rest.slice(0, q) : rest;
  const query = q >= 0 ? rest.slice(q + 1).replace(/&+$/, '') : '';
  path = path.replace(/\/{2,}/g, '/').replace(/\/+$/, '');
  return query === '' ? path : `${path}?${query}`;
}

/** The key of a link: normalised host, then path and query. */
export function urlKeyOf(host: string, pathAndQuery: string): string {
  return `${normaliseHost(host)}${normalisePathAndQuery(pathAndQuery)}`;
}

/**
 * A block-list line in normal form: either a domain (no path) or a URL key. Lines may carry a scheme,
 * credentials, a port, a fragment or a trailing "/?"; a `domains` line holding a path is really a URL.
 */
export function normaliseListEntry(line: string): { kind: 'domain' | 'url'; value: string } | undefined {
  let entry = line.trim();
  if (entry === '' || entry.startsWith('#')) return undefined;
  entry = entry.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/^\/\//, '');
  const cut = entry.search(/[/?#]/);
  let host = cut >= 0 ? entry.slice(0, cut) : entry;
  const rest = cut >= 0 ? entry.slice(cut) : '';
  host = host.slice(host.lastIndexOf('@') + 1).replace(/^\*?\./, '');
  const normalHost = normaliseHost(host);
  if (normalHost === '') return undefined;
  const path = normalisePathAndQuery(rest);
  return path === '' ? { kind: 'domain', value: normalHost } : { kind: 'url', value: normalHost + path };
}

/** The host and its parent domains, most specific first ("a.b.example.com" → …, "example.com", "com"). */
function hostAndParents(host: string): string[] {
  const out = [host];
  let at = host.indexOf('.');
  while (at >= 0) {
    out.push(host.slice(at + 1));
    at = host.indexOf('.', at + 1);
  }
  return out;
}

/**
 * Whether a link's normalised key is on the lists. A domain entry covers its subdomains; a URL entry
 * covers the address itself and everything below it (as web filters read UT1 `urls`), with or without
 * the query: "example.com/files" blocks "example.com/files/a.pdf?x=1" but not "example.com/filesharing".
 */
export function isListed(key: string, domains: ReadonlySet<string>, urls: ReadonlySet<string>): boolean {
  const slash = key.search(/[/?]/);
  const host = slash >= 0 ? key.slice(0, slash) : key;
  if (domains.size > 0) for (const d of hostAndParents(host)) if (domains.has(d)) return true;
  if (urls.size === 0) return false;
  if (urls.has(key)) return true;
  const q = key.indexOf('?');
  let path = q >= 0 ? key.slice(0, q) : key;
  // Each shorter path at a "/" boundary, down to the bare host (a `urls` line may name only a host).
  for (let guard = 0; guard < 64; guard += 1) {
    if (urls.has(path)) return true;
    const cut = path.lastIndexOf('/');
    if (cut < host.length) return false;
    path = path.slice(0, cut);
  }
  return false;
}
