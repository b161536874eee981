import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type PageHandler,
  type ProfileSite,
  startProfileSite,
  testFetchPolicy,
} from '../../../accounts/testing.js';
import { linkExpander } from '../../../app/link-expansion.js';
import { checkSubject, checkText } from '../engine.js';
import { buildContext } from '../testing/factories.js';
import type { CheckContext, SchoolCheckSettings } from '../types.js';
import { builtInShorteners } from './shorteners.js';

function shortFindings(text: string, settings: SchoolCheckSettings = {}) {
  return checkText(text, buildContext({ settings })).findings.filter((f) => f.rule === 'link.shortener');
}

describe('short links (issue 15, item 3)', () => {
  it('ships hundreds of shortener services as data', () => {
    expect(builtInShorteners.size).toBeGreaterThanOrEqual(250);
    for (const d of ['bit.ly', 'tinyurl.com', 'youtu.be', 'forms.gle', 'vm.tiktok.com', 'linktr.ee'])
      expect(builtInShorteners.has(d), d).toBe(true);
  });

  it('reviews a known shortener, its subdomains included, and says offline that the destination was not seen', () => {
    const [finding] = shortFindings('Sign up at https://rb.gy/x7k2qa today');
    expect(finding?.severity).toBe('review');
    expect(finding?.message).toMatch(/could not be seen/);
    expect(shortFindings('https://u123.ct.sendgrid.net/ls/click?upn=abc')).toHaveLength(1);
  });

  it('uses the shortener category of a loaded list', () => {
    const text = 'Details: https://go.example-short.net/welcome';
    expect(shortFindings(text)).toEqual([]);
    expect(shortFindings(text, { shortenerDomains: new Set(['example-short.net']) })).toHaveLength(1);
  });

  it('calls an unknown short host with an opaque code path a hidden destination', () => {
    for (const link of ['https://xq.io/aB3dE9', 'zzl.co/4kT9pQ', 'https://srt.link/x7Kq2'])
      expect(shortFindings(`see ${link}`), link).toHaveLength(1);
  });

  it('does not call ordinary sites shorteners', () => {
    for (const link of [
      'https://www.bbc.co.uk/news',
      'https://oakfield.sch.uk/Year10',
      'https://www.st-marys0.sch.uk/Year10',
      'https://abc.org/Report2025',
      'https://example.org/page2',
      'https://twitter.com/Abc123Def',
      'https://www.gov.uk/x1Y2z3',
      'https://shop.example.com/aB3dE9',
      'https://bigcompanyname.com/a1B2c3',
      'https://example.com/aB3dE9?ref=1',
      'https://example.com/2024/summer-fair',
      'https://www.school.org.uk/news/2025-sports-day',
    ])
      expect(shortFindings(`see ${link}`), link).toEqual([]);
  });
});

describe('following short links (production only), against a local server', () => {
  let site: ProfileSite;
  const methods: string[] = [];
  const track =
    (handler: PageHandler): PageHandler =>
    (request, response) => {
      methods.push(String(request.method));
      handler(request, response);
    };

  beforeAll(async () => {
    site = await startProfileSite(({ base }) => ({
      '/s/abc': track((_q, r) => r.writeHead(302, { location: '/hop' }).end()),
      '/hop': track((_q, r) => r.writeHead(301, { location: `${base}/landing` }).end()),
      '/landing': track((_q, r) => r.writeHead(200, { 'content-type': 'text/html' }).end('<p>a page</p>')),
      '/s/loop': track((_q, r) => r.writeHead(302, { location: '/s/loop' }).end()),
      '/s/gone': track((_q, r) => r.writeHead(404).end()),
    }));
  });
  afterAll(() => site.close());

  function context(settings: SchoolCheckSettings): CheckContext {
    return {
      ...buildContext({ settings: { shortenerDomains: new Set(['localhost']), ...settings } }),
      expandLink: linkExpander(testFetchPolicy),
    };
  }

  it('follows the redirects with HEAD requests and checks the destination against the block list', async () => {
    methods.length = 0;
    const ctx = context({ blockedUrls: new Set(['127.0.0.1/landing']) });
    const result = await checkSubject({ kind: 'post', text: `Read ${site.otherBase}/s/abc now` }, ctx);
    const short = result.findings.find((f) => f.rule === 'link.shortener');
    expect(short?.message).toMatch(/leads to 127\.0\.0\.1/);
    const blocked = result.findings.find((f) => f.rule === 'link.blocked');
    expect(blocked?.severity).toBe('block');
    expect(blocked?.message).toMatch(/^Through the short link/);
    expect(result.verdict).toBe('block');
    expect(methods).toEqual(['HEAD', 'HEAD', 'HEAD']);
  });

  it('an ordinary destination leaves the short link at review, naming where it goes', async () => {
    const result = await checkSubject(
      { kind: 'post', text: `Read ${site.otherBase}/s/abc now` },
      context({}),
    );
    expect(result.findings.filter((f) => f.severity === 'block')).toEqual([]);
    expect(result.findings.find((f) => f.rule === 'link.shortener')?.suggestion).toContain('/landing');
  });

  it('stops at the redirect limit and says the destination could not be seen', async () => {
    const result = await checkSubject(
      { kind: 'post', text: `Read ${site.otherBase}/s/loop now` },
      context({}),
    );
    expect(result.findings.find((f) => f.rule === 'link.shortener')?.message).toMatch(
      /could not be seen \(more than 3 redirects\)/,
    );
  });

  it('a short link answering 404 without redirecting has no destination to check', async () => {
    const result = await checkSubject(
      { kind: 'post', text: `Read ${site.otherBase}/s/gone now` },
      context({}),
    );
    expect(result.findings.find((f) => f.rule === 'link.shortener')?.message).toMatch(/HTTP 404/);
  });
});
