import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBlockLists } from '../../block-lists.js';
import { checkText } from '../engine.js';
import { buildContext } from '../testing/factories.js';
import { skeleton } from './classify-links.js';
import { findLinks } from './find-links.js';

function linkRules(text: string, ctx = buildContext()): string[] {
  return checkText(text, ctx)
    .findings.filter((f) => f.part === 'links')
    .map((f) => `${f.rule}:${f.severity}`);
}

describe('finding links', () => {
  it('finds links with and without a scheme, with offsets', () => {
    const text = 'See www.example.org and https://news.example.com/a?b=1 or example.co.uk.';
    expect(findLinks(text).map((l) => text.slice(l.start, l.end))).toEqual([
      'www.example.org',
      'https://news.example.com/a?b=1',
      'example.co.uk',
    ]);
  });

  it('turns international names into punycode', () => {
    const [link] = findLinks('go to https://bücher.example/');
    expect(link?.host).toBe('xn--bcher-kva.example');
  });

  it('finds scheme-relative links, even to a host whose last label is a number', () => {
    const text = 'Mirror at //files.example.net/term and //intranet.42 for staff';
    const links = findLinks(text);
    expect(links.map((l) => text.slice(l.start, l.end))).toEqual([
      '//files.example.net/term',
      '//intranet.42',
    ]);
    expect(links[1]?.host).toBe('intranet.42');
  });

  it('finds emoji and other international domains and gives their punycode host', () => {
    const [link] = findLinks('fun site: ☃.net/snow today');
    expect(link?.raw).toBe('☃.net/snow');
    expect(link?.host).toBe('xn--n3h.net');
  });

  it('keeps a quote that closes a quote opened inside the path, not one that only follows the link', () => {
    expect(findLinks(`read https://example.org/notes_"draft" now`).map((l) => l.raw)).toEqual([
      'https://example.org/notes_"draft"',
    ]);
    expect(findLinks(`read https://example.org/it's_here'`).map((l) => l.raw)).toEqual([
      "https://example.org/it's_here'",
    ]);
    expect(findLinks(`they said "see example.org/page"`).map((l) => l.raw)).toEqual(['example.org/page']);
  });

  it('finds mailto: addresses without a top-level domain, and not a bare mailto: word', () => {
    expect(findLinks('write to mailto:office@intranet or call').map((l) => l.raw)).toEqual([
      'mailto:office@intranet',
    ]);
    expect(findLinks('mailto:office')).toEqual([]);
  });

  it('finds nothing in ordinary text', () => {
    expect(findLinks('Well done everyone. Great day.')).toEqual([]);
  });
});

describe('link rules (clause 2.5)', () => {
  it('link.insecure is advice and leaves the verdict alone', () => {
    const result = checkText('http://example.org/news', buildContext());
    expect(result.findings.map((f) => f.rule)).toEqual(['link.insecure']);
    expect(result.verdict).toBe('pass');
  });

  it('link.shortener reviews', () => {
    expect(linkRules('https://bit.ly/3xYz')).toEqual(['link.shortener:review']);
  });

  it('link.credentials blocks user@host tricks', () => {
    expect(linkRules('https://paypal.com@evil.example/login')).toContain('link.credentials:block');
  });

  it('link.ip reviews bare IPs', () => {
    expect(linkRules('https://192.168.1.20/admin')).toContain('link.ip:review');
  });

  it('link.lookalike blocks mixed scripts and confusables', () => {
    expect(linkRules('https://pаypal.com/login')).toContain('link.lookalike:block');
    expect(linkRules('https://paypa1.com/login')).toContain('link.lookalike:block');
    expect(linkRules('https://faceb00k.com')).toContain('link.lookalike:block');
    expect(linkRules('https://www.paypal.com/')).toEqual([]);
    expect(skeleton('rnicrosoft.com')).toBe(skeleton('microsoft.com'));
  });

  it('link.lookalike also protects the school’s own allowed domains', () => {
    const ctx = buildContext({ settings: { allowedDomains: ['oakfield-academy.org.uk'] } });
    expect(linkRules('https://oakfie1d-academy.org.uk/pay', ctx)).toContain('link.lookalike:block');
  });

  it('link.not_allowed when the school allows only listed domains', () => {
    const ctx = buildContext({
      settings: { allowedDomains: ['example-school.org.uk', 'bbc.co.uk'], allowOnlyListed: true },
    });
    expect(linkRules('https://www.bbc.co.uk/news and https://news.example-school.org.uk', ctx)).toEqual([]);
    expect(linkRules('https://other.example.com', ctx)).toEqual(['link.not_allowed:review']);
  });

  it('link.blocked from UT1-format block lists', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gp-lists-'));
    await mkdir(path.join(dir, 'gambling'), { recursive: true });
    await mkdir(path.join(dir, 'phishing'), { recursive: true });
    await writeFile(path.join(dir, 'gambling', 'domains'), '# comment\nbet-example.com\n\n');
    await writeFile(path.join(dir, 'phishing', 'urls'), 'files.example.net/login\n');
    const lists = await loadBlockLists(dir);
    expect(lists.counts.gambling).toEqual({ domains: 1, urls: 0 });
    const ctx = buildContext({ settings: { blockedDomains: lists.domains, blockedUrls: lists.urls } });
    expect(linkRules('https://www.bet-example.com/offers', ctx)).toContain('link.blocked:block');
    expect(linkRules('https://files.example.net/login', ctx)).toContain('link.blocked:block');
    expect(linkRules('https://files.example.net/other', ctx)).toEqual([]);
  });

  it('a folder with none of the categories is a typed error', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gp-lists-'));
    await expect(loadBlockLists(dir)).rejects.toMatchObject({ code: 'BlockListsNotFound' });
  });
});

describe('finding links: edges a school cares about', () => {
  const raws = (text: string) => findLinks(text).map((l) => l.raw);

  it('finds bare IP addresses and protocol-relative links', () => {
    expect(raws('see 192.168.1.1/abc now')).toEqual(['192.168.1.1/abc']);
    expect(raws('My ssl //example.com site')).toEqual(['//example.com']);
    expect(findLinks('go to 4.4.4.4')[0]?.isIp).toBe(true);
  });

  it('cuts a link at an unbalanced bracket and at full-width punctuation', () => {
    expect(raws('[a](https://www.ibm.com)[b](mailto:x@ibm.com)')[0]).toBe('https://www.ibm.com');
    expect(raws('(see example.com)')).toEqual(['example.com']);
    expect(raws('｜http://google.com｜bar')).toEqual(['http://google.com']);
  });

  it('does not take pieces of paths, handles or broken schemes for links', () => {
    for (const text of [
      '/path/to/file.pl',
      'path:to:file.pm',
      '@example.com',
      '_example.com',
      'hppt://example.com',
      'http://-example.com',
      'http://.example.com',
      '//test',
    ])
      expect(raws(text)).toEqual([]);
  });
});
