import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { checkText } from '../src/checks/engine.js';
import { loadBlockLists } from '../src/checks/links/block-lists.js';
import { buildRosterIndex } from '../src/checks/roster-index.js';
import type { CheckContext } from '../src/checks/types.js';
import { pick, rng } from './checks-corpus.js';
import { type BenchRow, row } from './harness.js';

/**
 * Block-list recall on a generated tree in the UT1 folder format, with entries written in every shape a
 * real list holds (www., upper case, trailing dot or slash, "/?", a fragment, a default port, a scheme,
 * percent-escapes) and links to them written in every shape a post holds. Generated hosts only.
 */
const suite = 'checks';
const tlds = ['com', 'net', 'org', 'info', 'xyz', 'ru', 'co.uk', 'io', 'biz', 'top'];
const syllables = [
  'bet',
  'win',
  'lux',
  'max',
  'spin',
  'cash',
  'hot',
  'free',
  'pro',
  'net',
  'web',
  'cam',
  'vip',
];

function host(r: () => number, i: number): string {
  return `${pick(r, syllables)}${pick(r, syllables)}-${i}.${pick(r, tlds)}`;
}

function domainEntry(r: () => number, h: string): string {
  const shapes = [
    h,
    `www.${h}`,
    h.toUpperCase(),
    `${h}.`,
    `http://${h}/`,
    `https://www.${h}:443/`,
    `${h}:80`,
  ];
  return pick(r, shapes);
}

function urlEntry(r: () => number, h: string, p: string): string {
  const shapes = [
    `${h}${p}`,
    `${h}${p}/`,
    `${h}${p}/?`,
    `${h}${p}#top`,
    `www.${h}${p}`,
    `${h.toUpperCase()}${p.toUpperCase()}`,
    `http://${h}:80${p}`,
    `${h}${p.replace(/-/g, '%2D')}`,
  ];
  return pick(r, shapes);
}

function linkTo(r: () => number, h: string, p: string): string {
  const shapes = [
    `https://${h}${p}`,
    `http://www.${h}${p}/`,
    `https://${h}${p}?utm_source=x`,
    `https://${h}${p}#section`,
    `https://${h.toUpperCase()}${p}`,
    `https://${h}:443${p}`,
    `https://${h}${p}/page-2.html`,
  ];
  return pick(r, shapes);
}

export async function listsBench(): Promise<BenchRow[]> {
  const r = rng(1515);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gp-bench-ut1-'));
  const categories = ['adult', 'malware', 'phishing', 'gambling'];
  const texts: { text: string; listed: boolean }[] = [];
  let n = 0;
  for (const category of categories) {
    const domains: string[] = [];
    const urls: string[] = [];
    for (let i = 0; i < 400; i += 1) {
      n += 1;
      const h = host(r, n);
      if (r() < 0.5) {
        domains.push(domainEntry(r, h));
        const sub = r() < 0.3 ? `m.${h}` : h;
        texts.push({ text: `Have a look: ${linkTo(r, sub, '')} for details`, listed: true });
      } else {
        const p = `/${pick(r, syllables)}-${i}/${pick(r, syllables)}`;
        urls.push(urlEntry(r, h, p));
        texts.push({ text: `Form here ${linkTo(r, h, p)} thanks`, listed: true });
        // The same host elsewhere, and a path that only starts with the same letters, are not listed.
        texts.push({ text: `Home page ${`https://${h}/about`} thanks`, listed: false });
        texts.push({ text: `Other ${`https://${h}${p}x`} thanks`, listed: false });
      }
    }
    await mkdir(path.join(dir, category), { recursive: true });
    await writeFile(path.join(dir, category, 'domains'), `${domains.join('\n')}\n`);
    await writeFile(path.join(dir, category, 'urls'), `${urls.join('\n')}\n`);
  }
  for (let i = 0; i < 400; i += 1) {
    n += 1;
    texts.push({ text: `See https://${host(r, n)}/news today`, listed: false });
  }
  const lists = await loadBlockLists(dir, categories);
  await rm(dir, { recursive: true, force: true });
  const context: CheckContext = {
    roster: buildRosterIndex({ pupils: [], carers: [] }, '2026-01-15'),
    consents: new Map(),
    settings: { blockedDomains: lists.domains, blockedUrls: lists.urls },
    today: '2026-01-15',
  };
  let tp = 0;
  let fn = 0;
  let fp = 0;
  let benign = 0;
  for (const t of texts) {
    const hit = checkText(t.text, context).findings.some((f) => f.rule === 'link.blocked');
    if (t.listed) {
      if (hit) tp += 1;
      else fn += 1;
    } else {
      benign += 1;
      if (hit) fp += 1;
    }
  }
  const note = `${tp + fn} listed links, ${benign} unlisted; generated UT1-format tree, entries of every shape`;
  return [
    row(suite, 'block lists: recall on a generated UT1 tree', tp / (tp + fn), 'ratio', '>= 0.99', note),
    row(suite, 'block lists: unlisted links blocked', fp, 'links', '<= 0', note),
  ];
}
