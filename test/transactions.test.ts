import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Inside `db.transaction().execute((tx) => …)` every query must go through `tx`. The embedded database has
 * one connection, so a query on the outer `db` waits for the transaction that is waiting for it, and the
 * process hangs instead of failing; on PostgreSQL the same query would escape the transaction. This reads
 * each callback's body (brackets matched) and refuses any use of the outer `db` in it.
 */

const SRC = resolve(import.meta.dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The text of the call starting at the `(` at `open`, brackets matched. */
function callBody(source: string, open: number): string {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    if (source[i] === '(') depth++;
    else if (source[i] === ')' && --depth === 0) return source.slice(open, i + 1);
  }
  return source.slice(open);
}

function outerDbUses(source: string): number[] {
  const lines: number[] = [];
  const start = /\.transaction\(\)\s*\.execute\(/g;
  for (let match = start.exec(source); match; match = start.exec(source)) {
    const open = match.index + match[0].length - 1;
    const body = callBody(source, open);
    if (/[(\s,!]db[,.)\s]/.test(body)) lines.push(source.slice(0, match.index).split('\n').length);
  }
  return lines;
}

describe('transactions', () => {
  it('finds an outer db used inside a transaction callback', () => {
    const bad =
      'await db.transaction().execute(async (tx) => {\n  await load(db, id);\n  await tx.insertInto("x");\n});';
    const good =
      'await db.transaction().execute(async (tx) => {\n  await load(tx, id);\n});\nawait load(db, id);';
    expect(outerDbUses(bad)).toEqual([1]);
    expect(outerDbUses(good)).toEqual([]);
  });

  it('never uses the outer db inside a transaction in src/', () => {
    const offenders = sourceFiles(SRC).flatMap((file) =>
      outerDbUses(readFileSync(file, 'utf8')).map((line) => `${relative(SRC, file)}:${line}`),
    );
    expect(offenders).toEqual([]);
  });
});
