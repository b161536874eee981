import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBlockLists } from './block-lists.js';
import { checkText } from './engine/engine.js';
import { normaliseListEntry } from './engine/links/normalise.js';
import { buildContext } from './engine/testing/factories.js';

async function tree(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gp-ut1-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

async function blockedBy(files: Record<string, string>, categories?: string[]) {
  const lists = await loadBlockLists(await tree(files), categories);
  const ctx = buildContext({ settings: { blockedDomains: lists.domains, blockedUrls: lists.urls } });
  return (text: string) =>
    checkText(text, ctx).findings.some((f) => f.rule === 'link.blocked' && f.severity === 'block');
}

describe('block-list entries and links normalise the same way', () => {
  it('reads entries of every shape into one form', () => {
    const cases: [string, string | undefined][] = [
      ['Example.COM', 'example.com'],
      ['www.example.com', 'example.com'],
      ['example.com.', 'example.com'],
      ['http://example.com/', 'example.com'],
      ['https://www.example.com:443/', 'example.com'],
      ['example.com:80/path/', 'example.com/path'],
      ['example.com/path/?', 'example.com/path'],
      ['example.com/path#top', 'example.com/path'],
      ['example.com/Path/Page.HTML?', 'example.com/path/page.html'],
      ['example.com/caf%C3%A9/%7Euser', 'example.com/café/~user'],
      ['example.com/a?b=1&', 'example.com/a?b=1'],
      ['*.example.com', 'example.com'],
      ['bücher.example/x', 'xn--bcher-kva.example/x'],
      ['# a comment', undefined],
      ['   ', undefined],
    ];
    for (const [line, expected] of cases) expect(normaliseListEntry(line)?.value, line).toBe(expected);
  });

  it('blocks a link to a listed URL whatever shape the entry or the link has', async () => {
    const blocked = await blockedBy({
      'phishing/urls': [
        'login-check.example/verify/',
        'files.example.net/share/?',
        'http://pages.example.org/offer#form',
        'WWW.Docs.Example.IO/Form/Start',
        'media.example.com/caf%C3%A9',
        'example.biz:443/promo',
      ].join('\n'),
    });
    for (const link of [
      'https://login-check.example/verify',
      'https://login-check.example/verify/',
      'https://login-check.example/verify?session=1',
      'https://www.login-check.example/verify/step2.html',
      'https://files.example.net/share',
      'http://pages.example.org/offer',
      'https://pages.example.org/offer/#apply',
      'https://docs.example.io/form/start',
      'https://media.example.com/café',
      'https://media.example.com/CAF%c3%a9/',
      'https://example.biz/promo',
      'http://example.biz:80/promo/',
    ])
      expect(blocked(`Look at ${link} today`), link).toBe(true);
    for (const link of [
      'https://login-check.example/verifying',
      'https://login-check.example/',
      'https://files.example.net/sharing',
      'https://other.example.org/offer',
    ])
      expect(blocked(`Look at ${link} today`), link).toBe(false);
  });

  it('blocks a listed domain written with www, a port, a scheme or a trailing slash, and its subdomains', async () => {
    const blocked = await blockedBy({
      'gambling/domains': ['www.bet-example.com', 'https://casino.example/', 'SLOTS.example:8080'].join('\n'),
    });
    for (const link of [
      'https://bet-example.com',
      'https://m.bet-example.com/offers',
      'http://casino.example:80/',
      'https://www.slots.example/',
    ])
      expect(blocked(`see ${link}`), link).toBe(true);
    expect(blocked('see https://bet-example.co')).toBe(false);
  });

  it('reads UT1’s French folder names for the drugs and violence categories', async () => {
    const blocked = await blockedBy({
      'drogue/domains': 'weed-shop.example\n',
      'agressif/domains': 'fight-club.example\n',
    });
    expect(blocked('https://weed-shop.example/buy')).toBe(true);
    expect(blocked('https://fight-club.example')).toBe(true);
  });

  it('a category asked for but absent from the tree is an error, naming it', async () => {
    const dir = await tree({ 'adult/domains': 'x.example\n' });
    await expect(loadBlockLists(dir, ['adult', 'malware'])).rejects.toMatchObject({
      code: 'BlockListCategoryMissing',
      details: ['malware'],
    });
    // The defaults are what lists differ in: a tree without some of them still loads.
    expect((await loadBlockLists(dir)).domains.has('x.example')).toBe(true);
  });

  it('keeps the shortener category apart: reviewed by the shortener rule, never blocked', async () => {
    const dir = await tree({ 'adult/domains': 'x.example\n', 'shortener/domains': 'sho.rt\n' });
    const lists = await loadBlockLists(dir);
    expect([...lists.shorteners]).toEqual(['sho.rt']);
    expect(lists.domains.has('sho.rt')).toBe(false);
    const asked = await loadBlockLists(dir, ['shortener']);
    expect(asked.shorteners.has('sho.rt')).toBe(true);
    expect(asked.domains.size).toBe(0);
  });
});
