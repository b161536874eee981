/**
 * Finding links in profile pages, and comparing them with the school's AUP address (clause 2.8). Pure.
 * Profile pages are other people's HTML, often malformed; the scanner only needs `<a>` and `<link>` tags
 * with their `href` and `rel`, so it reads tags leniently and skips comments, scripts and styles.
 */
export interface PageLink {
  href: string;
  rel: string[];
}

const entities: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  sol: '/',
  colon: ':',
};

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X'))
      return safeCodePoint(Number.parseInt(name.slice(2), 16), whole);
    if (name.startsWith('#')) return safeCodePoint(Number.parseInt(name.slice(1), 10), whole);
    return entities[name.toLowerCase()] ?? whole;
  });
}

function safeCodePoint(code: number, fallback: string): string {
  return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback;
}

const attributePattern = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

function attributesOf(source: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const m of source.matchAll(attributePattern)) {
    const name = m[1]?.toLowerCase();
    if (!name || attributes.has(name)) continue;
    attributes.set(name, decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  }
  return attributes;
}

/** Every `<a href>` and `<link href>` in a page, resolved against the page's address. */
export function extractLinks(html: string, pageUrl: string): PageLink[] {
  const links: PageLink[] = [];
  let base = pageUrl;
  let i = 0;
  const lower = html.toLowerCase();
  while (i < html.length) {
    const open = html.indexOf('<', i);
    if (open < 0) break;
    if (html.startsWith('<!--', open)) {
      const end = html.indexOf('-->', open + 4);
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    const nameMatch = /^<([a-zA-Z][a-zA-Z0-9-]*)/.exec(html.slice(open, open + 40));
    if (!nameMatch?.[1]) {
      i = open + 1;
      continue;
    }
    const tag = nameMatch[1].toLowerCase();
    // The tag ends at the first `>` outside quotes; an unclosed tag ends the scan.
    let j = open + nameMatch[0].length;
    let quote: string | undefined;
    for (; j < html.length; j++) {
      const c = html[j];
      if (quote) {
        if (c === quote) quote = undefined;
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '>') break;
    }
    const source = html.slice(open + nameMatch[0].length, j);
    i = j + 1;
    if (tag === 'script' || tag === 'style') {
      const close = lower.indexOf(`</${tag}`, i);
      i = close < 0 ? html.length : close;
      continue;
    }
    if (tag !== 'a' && tag !== 'link' && tag !== 'base') continue;
    const attributes = attributesOf(source);
    const href = attributes.get('href')?.trim();
    if (!href) continue;
    let resolved: string;
    try {
      resolved = new URL(href, base).href;
    } catch {
      continue;
    }
    if (tag === 'base') {
      base = resolved;
      continue;
    }
    const rel = (attributes.get('rel') ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    links.push({ href: resolved, rel });
  }
  return links;
}

/**
 * An address reduced to what makes it the same page for a reader: no scheme, no `www.`, no trailing
 * slash, no fragment and no tracking parameters. `http://www.school.example/aup/` and
 * `https://school.example/aup#top` are the same AUP.
 */
export function comparableUrl(address: string): string | undefined {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  const port = url.port && url.port !== '80' && url.port !== '443' ? `:${url.port}` : '';
  const params = [...url.searchParams].filter(([k]) => !/^(utm_[a-z]+|fbclid|gclid|ref)$/i.test(k));
  params.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = params.length > 0 ? `?${new URLSearchParams(params).toString()}` : '';
  const path = url.pathname.replace(/\/+$/, '');
  return `${host}${port}${path}${query}`;
}

export function sameAddress(a: string, b: string): boolean {
  const x = comparableUrl(a);
  return x !== undefined && x === comparableUrl(b);
}

/** Link shorteners whose links are followed (through the safe fetcher) to see where they lead. */
export const knownShorteners: ReadonlySet<string> = new Set([
  'bit.ly',
  'bitly.com',
  'tinyurl.com',
  't.co',
  'ow.ly',
  'buff.ly',
  'goo.gl',
  'is.gd',
  'lnkd.in',
  'rebrand.ly',
  'shorturl.at',
  'tiny.cc',
  'cutt.ly',
  't.ly',
  'rb.gy',
]);

export function isShortener(address: string, shorteners: ReadonlySet<string> = knownShorteners): boolean {
  try {
    return shorteners.has(new URL(address).hostname.toLowerCase().replace(/^www\./, ''));
  } catch {
    return false;
  }
}
