import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import allProfanity from 'allprofanity';
import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity';
import { checkText } from '../src/checks/engine/engine.js';
import { findLinks } from '../src/checks/engine/links/find-links.js';
import { buildRosterIndex } from '../src/checks/engine/roster-index.js';
import { schoolTopicsCorpus } from '../src/checks/engine/testing/school-topics.js';
import { findLanguage } from '../src/checks/engine/text/language.js';
import { compileLanguageLists } from '../src/checks/engine/text/language-classify.js';
import { compileAllowedContacts, findPersonalData } from '../src/checks/engine/text/pii.js';
import type { CheckContext, RuleId } from '../src/checks/engine/types.js';
import { generateComments, generateQualityCorpus, generateRoster } from './checks-corpus.js';
import { type BenchRow, median, row } from './harness.js';

const suite = 'checks';
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const evalDir = path.resolve(repoRoot, '../shared/eval');
const today = '2026-01-15';

function rate(count: number, ms: number): number {
  return (count / ms) * 1000;
}

function timeIt(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

async function readJsonl<T>(file: string): Promise<T[]> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

function throughput(rows: BenchRow[], texts: string[], context: CheckContext): number {
  // Warm up the JIT, then take the best of three passes (the machine is shared). Each pass is timed on the
  // wall clock (the target's measure) and in this process's CPU time, which other processes on a shared
  // machine barely move: compare that figure between runs taken at different loads.
  for (const t of texts.slice(0, 2000)) checkText(t, context);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let pass = 0; pass < 3; pass += 1) {
    const cpu0 = process.cpuUsage();
    wall.push(
      timeIt(() => {
        for (const t of texts) checkText(t, context);
      }),
    );
    const used = process.cpuUsage(cpu0);
    cpu.push((used.user + used.system) / 1000);
  }
  const ours = rate(texts.length, Math.min(...wall));
  const load = `load average ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores`;
  rows.push(
    row(
      suite,
      'texts per second, all text and link rules (10,000 comments, 2,000 pupils + 3,500 carers)',
      ours,
      'texts/s',
      '>= 25000',
      `issue 15 keeps 25,000 texts/s on the machine the target was set on; compare the ratios below on a slower one; ${load}`,
    ),
  );
  rows.push(
    row(
      suite,
      'texts per CPU second, all text and link rules (process CPU time, best of 3)',
      rate(texts.length, Math.min(...cpu)),
      'texts/s',
      undefined,
      `CPU time, not wall time: steadier than the wall-clock figure on a shared machine; ${load}`,
    ),
  );
  return ours;
}

function comparisons(
  rows: BenchRow[],
  texts: string[],
  ours: number,
  roster: ReturnType<typeof generateRoster>,
): void {
  const lists = compileLanguageLists({});
  for (const t of texts.slice(0, 1000)) findLanguage(t, lists);
  const oursLanguage = rate(
    texts.length,
    Math.min(
      ...[0, 1].map(() =>
        timeIt(() => {
          for (const t of texts) findLanguage(t, lists);
        }),
      ),
    ),
  );
  rows.push(row(suite, 'texts per second, our language rules only', oursLanguage, 'texts/s'));

  const obscenity = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
  for (const t of texts.slice(0, 500)) obscenity.hasMatch(t);
  const obscenityRate = rate(
    texts.length,
    timeIt(() => {
      for (const t of texts) obscenity.getAllMatches(t);
    }),
  );
  rows.push(row(suite, 'obscenity texts per second (profanity only)', obscenityRate, 'texts/s'));
  rows.push(row(suite, 'ratio: our language rules / obscenity', oursLanguage / obscenityRate, 'x', '>= 3'));
  rows.push(row(suite, 'ratio: our all rules / obscenity', ours / obscenityRate, 'x'));

  for (const t of texts.slice(0, 500)) allProfanity.check(t);
  const allRate = rate(
    texts.length,
    timeIt(() => {
      for (const t of texts) allProfanity.detect(t);
    }),
  );
  rows.push(row(suite, 'allprofanity texts per second (profanity only)', allRate, 'texts/s'));
  rows.push(row(suite, 'ratio: our language rules / allprofanity', oursLanguage / allRate, 'x'));
  rows.push(row(suite, 'ratio: our all rules / allprofanity', ours / allRate, 'x'));

  // The obvious approach: one regex per pupil full name and per given name, tried on every text.
  const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const regexes = roster.pupils.flatMap((p) => [
    new RegExp(`\\b${escapeRegex(p.given)}\\s+${escapeRegex(p.family)}\\b`, 'i'),
    new RegExp(`\\b${escapeRegex(p.given)}\\b`, 'i'),
  ]);
  const sample = texts.slice(0, 1000);
  const naiveRate = rate(
    sample.length,
    timeIt(() => {
      for (const t of sample) for (const re of regexes) re.test(t);
    }),
  );
  rows.push(
    row(
      suite,
      'naive one-regex-per-name matcher texts per second (names only)',
      naiveRate,
      'texts/s',
      undefined,
      '1,000 texts, 4,000 regexes',
    ),
  );
  rows.push(row(suite, 'ratio: our all rules / naive name regexes', ours / naiveRate, 'x'));
}

function rosterBuild(rows: BenchRow[], roster: ReturnType<typeof generateRoster>): void {
  buildRosterIndex(roster.roster, today);
  const times = [0, 1, 2, 3, 4].map(() => timeIt(() => buildRosterIndex(roster.roster, today)));
  rows.push(
    row(
      suite,
      'roster index build (2,000 pupils + 3,500 carers), median of 5',
      median(times),
      'ms',
      '<= 200',
    ),
  );
}

function quality(rows: BenchRow[], context: CheckContext, roster: ReturnType<typeof generateRoster>): void {
  const corpus = generateQualityCorpus(roster);
  const measured: RuleId[] = [
    'pupil.name',
    'pii.phone',
    'pii.email',
    'pii.postcode',
    'pii.address',
    'pii.date_of_birth',
    'pii.nhs_number',
    'pii.ni_number',
    'pii.upn',
  ];
  const counts = new Map(measured.map((r) => [r, { tp: 0, fp: 0, fn: 0 }]));
  for (const item of corpus) {
    const found = new Set(checkText(item.text, context).findings.map((f) => f.rule));
    for (const rule of measured) {
      const c = counts.get(rule) as { tp: number; fp: number; fn: number };
      const expected = item.expect.includes(rule);
      if (expected && found.has(rule)) c.tp += 1;
      else if (expected) c.fn += 1;
      else if (found.has(rule)) c.fp += 1;
    }
  }
  for (const rule of measured) {
    const c = counts.get(rule) as { tp: number; fp: number; fn: number };
    const precision = c.tp / Math.max(1, c.tp + c.fp);
    const recall = c.tp / Math.max(1, c.tp + c.fn);
    const f1 = (2 * precision * recall) / Math.max(1e-9, precision + recall);
    const note = `tp ${c.tp}, fp ${c.fp}, fn ${c.fn} on ${corpus.length} generated texts`;
    if (rule === 'pupil.name') {
      rows.push(row(suite, 'quality pupil.name recall', recall, 'ratio', '>= 0.99', note));
      rows.push(row(suite, 'quality pupil.name precision', precision, 'ratio', '>= 0.95', note));
    } else {
      rows.push(
        row(
          suite,
          `quality ${rule} F1`,
          f1,
          'ratio',
          '>= 0.95',
          `precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}; ${note}`,
        ),
      );
    }
  }
}

interface HateCase {
  text: string;
  hateful: boolean;
  functionality: string;
}

async function hatecheck(rows: BenchRow[], context: CheckContext): Promise<void> {
  const cases = await readJsonl<HateCase>(path.join(evalDir, 'hatecheck.jsonl'));
  const byFunctionality = new Map<string, HateCase[]>();
  for (const c of cases)
    byFunctionality.set(c.functionality, [...(byFunctionality.get(c.functionality) ?? []), c]);
  for (const [functionality, list] of [...byFunctionality].sort(([a], [b]) => a.localeCompare(b))) {
    const verdicts = list.map((c) =>
      checkText(c.text, context).findings.filter((f) => f.rule.startsWith('language.')),
    );
    if (functionality.endsWith('_nh')) {
      const atMostReview =
        verdicts.filter((f) => !f.some((x) => x.severity === 'block')).length / list.length;
      const clean = verdicts.filter((f) => f.length === 0).length / list.length;
      rows.push(
        row(
          suite,
          `hatecheck ${functionality}: share at most review`,
          atMostReview,
          'ratio',
          '>= 1',
          `${list.length} cases; ${(clean * 100).toFixed(0)}% with no language finding`,
        ),
      );
    } else {
      const flagged = verdicts.filter((f) => f.length > 0).length / list.length;
      const blocked = verdicts.filter((f) => f.some((x) => x.severity === 'block')).length / list.length;
      const target = functionality.startsWith('spell_') ? '>= 0.8' : undefined;
      rows.push(
        row(
          suite,
          `hatecheck ${functionality}: share caught (review or block)`,
          flagged,
          'ratio',
          target,
          `${list.length} cases; ${(blocked * 100).toFixed(0)}% blocked`,
        ),
      );
    }
  }
}

/**
 * Our own generated corpus of school posts about sensitive topics (history, RE, PSHE, awareness days,
 * refugee welcome, sport) and hateful sentences in school wording (src/checks/engine/testing/school-topics.ts).
 */
function schoolTopics(rows: BenchRow[], context: CheckContext): void {
  const corpus = schoolTopicsCorpus();
  let benign = 0;
  let falseBlock = 0;
  let falseReview = 0;
  let hateful = 0;
  let caught = 0;
  for (const item of corpus) {
    const findings = checkText(item.text, context).findings.filter((f) => f.rule.startsWith('language.'));
    const block = findings.some((f) => f.severity === 'block');
    const review = !block && findings.some((f) => f.severity === 'review');
    if (item.hateful) {
      hateful += 1;
      if (block) caught += 1;
    } else {
      benign += 1;
      if (block) falseBlock += 1;
      if (review) falseReview += 1;
    }
  }
  const note = `${benign} benign posts, ${hateful} hateful sentences (generated)`;
  rows.push(
    row(suite, 'school sensitive topics: false block rate', falseBlock / benign, 'ratio', '<= 0', note),
  );
  rows.push(
    row(suite, 'school sensitive topics: false review rate', falseReview / benign, 'ratio', undefined, note),
  );
  rows.push(
    row(
      suite,
      'school sensitive topics: hateful caught (blocked)',
      caught / hateful,
      'ratio',
      '>= 0.95',
      note,
    ),
  );
}

interface LinkCase {
  text: string;
  link: string | null;
}

async function linkify(rows: BenchRow[]): Promise<void> {
  const cases = await readJsonl<LinkCase>(path.join(evalDir, 'linkify.jsonl'));
  const noContacts = compileAllowedContacts({});
  let expected = 0;
  let foundByLinks = 0;
  let found = 0;
  let falseLinks = 0;
  const missed: string[] = [];
  for (const c of cases) {
    const links = findLinks(c.text).map((l) => l.raw);
    if (c.link === null) {
      falseLinks += links.length;
      continue;
    }
    expected += 1;
    // The fixtures count email addresses as links; in Guardpost the pii.email rule is what catches them.
    const emails = findPersonalData(c.text, noContacts)
      .filter((h) => h.rule === 'pii.email')
      .map((h) => c.text.slice(h.start, h.end));
    if (links.includes(c.link)) foundByLinks += 1;
    if (links.includes(c.link) || emails.some((e) => c.link?.toLowerCase().endsWith(e.toLowerCase())))
      found += 1;
    else missed.push(c.link);
    falseLinks += links.filter((l) => l !== c.link).length;
  }
  rows.push(
    row(
      suite,
      'linkify fixtures: share of links found exactly by the link finder alone',
      foundByLinks / expected,
      'ratio',
      undefined,
      `${foundByLinks}/${expected}`,
    ),
  );
  rows.push(
    row(
      suite,
      'linkify fixtures: share caught (link finder, or pii.email for addresses)',
      found / expected,
      'ratio',
      '>= 1',
      `${found}/${expected}; missed ${missed.join(' | ')}`,
    ),
  );
  rows.push(row(suite, 'linkify fixtures: false links', falseLinks, 'links', '<= 2'));
}

/**
 * `CHECKS_BENCH=quality npm run bench checks` measures quality only (generated corpus, HateCheck, linkify):
 * those figures do not depend on the machine, so they can be taken without the timing runs.
 */
const qualityOnly = process.env.CHECKS_BENCH === 'quality';

export default async function checksBench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const roster = generateRoster();
  if (!qualityOnly) rosterBuild(rows, roster);
  const context: CheckContext = {
    roster: buildRosterIndex(roster.roster, today),
    consents: new Map(),
    settings: {},
    today,
  };
  if (!qualityOnly) {
    const texts = generateComments(10_000, roster);
    const ours = throughput(rows, texts, context);
    comparisons(rows, texts, ours, roster);
  }
  quality(rows, context, roster);
  const { namesBench } = await import('./checks-names.js');
  rows.push(...namesBench(roster));
  schoolTopics(rows, context);
  await hatecheck(rows, context);
  const { falseBlockBench } = await import('./checks-false-blocks.js');
  rows.push(...(await falseBlockBench(evalDir, context)));
  await linkify(rows);
  const { listsBench, shortenerBench } = await import('./checks-lists.js');
  rows.push(...(await listsBench()));
  rows.push(...(await shortenerBench(evalDir)));
  if (qualityOnly) return rows;
  try {
    const { imageBench } = await import('./checks-images.js');
    rows.push(...(await imageBench(context)));
  } catch (error) {
    rows.push(
      row(
        suite,
        'photo checks',
        Number.NaN,
        'ms',
        undefined,
        `not measured: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  }
  return rows;
}
