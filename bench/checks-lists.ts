import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadBlockLists } from '../src/checks/block-lists.js';
import { checkText } from '../src/checks/engine/engine.js';
import { findLinks } from '../src/checks/engine/links/find-links.js';
import { builtInShorteners } from '../src/checks/engine/links/shorteners.js';
import { buildRosterIndex } from '../src/checks/engine/roster-index.js';
import type { CheckContext } from '../src/checks/engine/types.js';
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

const codeChars = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function code(r: () => number): string {
  const n = 5 + Math.floor(r() * 4);
  let out = '';
  for (let i = 0; i < n; i += 1) out += pick(r, [...codeChars]);
  return out;
}

function emptyContext(settings: CheckContext['settings']): CheckContext {
  return {
    roster: buildRosterIndex({ pupils: [], carers: [] }, '2026-01-15'),
    consents: new Map(),
    settings,
    today: '2026-01-15',
  };
}

const flaggedShort = (text: string, context: CheckContext) =>
  checkText(text, context).findings.some((f) => f.rule === 'link.shortener');

/** Ordinary addresses a school posts: its own site, councils, news, video, documents, social pages. */
function ordinarySchoolLinks(r: () => number): string[] {
  const schools = ['oakfield', 'st-marys-ce', 'hillside-primary', 'northgate-academy', 'riverside'];
  const suffixes = ['sch.uk', 'org.uk', 'co.uk', 'com', 'academy'];
  const paths = [
    '/news/sports-day-2025',
    '/term-dates',
    '/Year10',
    '/year-6/homework',
    '/wp-content/uploads/2025/05/letter.pdf',
    '/?page_id=123',
    '/page2',
    '/parents/uniform',
    '/2024/summer-fair',
    '/Ofsted-Report',
    '/clubs/u11-football',
    '/contact-us',
  ];
  const out: string[] = [];
  for (let i = 0; i < 300; i += 1) {
    out.push(`https://www.${pick(r, schools)}${i}.${pick(r, suffixes)}${pick(r, paths)}`);
  }
  out.push(
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    'https://www.facebook.com/OakfieldPTA',
    'https://www.instagram.com/oakfield_pe/',
    'https://www.gov.uk/school-term-holiday-dates',
    'https://www.bbc.co.uk/bitesize/articles/zx7k2p3',
    'https://www.leeds.gov.uk/schools',
    'https://www.nhs.uk/conditions/chickenpox/',
    'https://en.wikipedia.org/wiki/Armada',
    'https://www.eventbrite.co.uk/e/summer-fair-tickets-123456789',
    'https://docs.google.com/forms/d/e/1FAIpQLSd/viewform',
    'https://www.parentpay.com/',
    'https://www.tes.com/teaching-resource/ks2-maths-11234',
    'https://www.amazon.co.uk/dp/B07XJ8C8F5',
    'https://github.com/school/Project1',
    'https://www.justgiving.com/page/year6-2025',
  );
  return out;
}

export async function shortenerBench(evalDir: string): Promise<BenchRow[]> {
  const r = rng(3311);
  const rows: BenchRow[] = [];
  // Built-in services, each reached with a generated code.
  const builtIn = [...builtInShorteners].filter((d) => !d.startsWith('xn--'));
  const plain = emptyContext({});
  const builtInHits = builtIn.filter((d) =>
    flaggedShort(`Sign up: https://${d}/${code(r)} thanks`, plain),
  ).length;
  rows.push(
    row(
      suite,
      'short links: built-in shorteners flagged',
      builtInHits / builtIn.length,
      'ratio',
      '>= 0.99',
      `${builtIn.length} services, generated codes`,
    ),
  );
  // Services the built-in list lacks, from a generated UT1 tree's shortener category, some on long domains.
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gp-bench-short-'));
  const listed: string[] = [];
  for (let i = 0; i < 200; i += 1) {
    const label = r() < 0.5 ? `${pick(r, syllables)}${i}` : `${pick(r, syllables)}link-service-${i}`;
    listed.push(`${label}.${pick(r, tlds)}`);
  }
  await mkdir(path.join(dir, 'shortener'), { recursive: true });
  await mkdir(path.join(dir, 'adult'), { recursive: true });
  await writeFile(
    path.join(dir, 'shortener', 'domains'),
    `${listed.map((d) => (r() < 0.3 ? `www.${d}` : d)).join('\n')}\n`,
  );
  await writeFile(path.join(dir, 'adult', 'domains'), 'adult.example\n');
  const lists = await loadBlockLists(dir);
  await rm(dir, { recursive: true, force: true });
  const withList = emptyContext({ shortenerDomains: lists.shorteners });
  const links = listed.map((d) => `Form: https://${d}/${code(r)} thanks`);
  const withoutListHits = links.filter((t) => flaggedShort(t, plain)).length;
  const withListHits = links.filter((t) => flaggedShort(t, withList)).length;
  rows.push(
    row(
      suite,
      'short links: UT1 shortener category loaded, flagged',
      withListHits / links.length,
      'ratio',
      '>= 0.99',
      `${links.length} generated services not built in`,
    ),
  );
  rows.push(
    row(
      suite,
      'short links: same links, no list (short-host heuristic alone)',
      withoutListHits / links.length,
      'ratio',
      undefined,
      'half the hosts are short enough for the heuristic',
    ),
  );
  // Ordinary links: the linkify fixtures' addresses (minus real shorteners) and generated school links.
  const fixtures = (await readFile(path.join(evalDir, 'linkify.jsonl'), 'utf8'))
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { link: string | null })
    .map((c) => c.link)
    .filter((l): l is string => l !== null && !l.includes('@'));
  const ordinary = [...fixtures, ...ordinarySchoolLinks(r)];
  let calledShort = 0;
  const wrong: string[] = [];
  let counted = 0;
  for (const link of ordinary) {
    const found = findLinks(link);
    if (found.some((l) => builtInShorteners.has(l.domain))) continue;
    counted += 1;
    if (flaggedShort(link, plain)) {
      calledShort += 1;
      wrong.push(link);
    }
  }
  rows.push(
    row(
      suite,
      'short links: ordinary links called shorteners',
      calledShort,
      'links',
      '<= 0',
      `${counted} links (linkify fixtures + generated school links)${wrong.length ? `; ${wrong.slice(0, 5).join(' | ')}` : ''}`,
    ),
  );
  return rows;
}
