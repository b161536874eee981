import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The import graph of src/ (tests excluded), read with the TypeScript compiler's own import scanner, so a
 * type-only import counts as much as any other: a layer that names a type of the one above it is bound to
 * it. See docs/architecture.md, "The floors".
 */

const ROOT = resolve(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');

/**
 * Imports from the platform into a domain that are still allowed, each with why. The list only shrinks:
 * a test fails when an entry is no longer needed, so a fixed one is taken off.
 */
const PLATFORM_EXCEPTIONS: readonly { from: string; to: string; reason: string }[] = [
  {
    from: 'platform/notify/notify.ts',
    to: 'shared/links.ts',
    reason:
      'notify refuses a link that does not open the page its kind declares, read from the one table of app ' +
      'pages (an import-free module the web app compiles too); it becomes a dependency handed to notify by ' +
      'the composition root (issue 12, step 1)',
  },
  {
    from: 'platform/auth/password-reset.service.ts',
    to: 'shared/links.ts',
    reason:
      "the reset email links to the web app's reset page, whose path comes from the one table of app pages; " +
      'password reset belongs in an accounts domain above the platform (issue 12)',
  },
];

/** The check engine: pure, so it may import itself and the policy's clause ids, and nothing else of src/. */
const ENGINE = join('checks', 'engine');
const ENGINE_MAY_IMPORT: readonly string[] = [join('policy', 'clauses.ts')];
/** Node modules that reach the disk, the network or other processes: the engine is handed data instead. */
const IO_MODULES =
  /^(?:node:)?(?:fs|fs\/promises|module|child_process|net|http|https|http2|dns|tls|dgram|worker_threads|os|process|cluster)$/;

interface Edge {
  from: string;
  to: string;
}

function sourceFiles(folder: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) files.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.d.ts')) files.push(path);
  }
  return files;
}

/** The file a relative specifier names (`./x.js` is `./x.ts` in the source), or undefined for a package. */
function resolveSpecifier(fromFile: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(fromFile), specifier);
  const candidates = [
    base.replace(/\.js$/, '.ts'),
    base.replace(/\.js$/, '.tsx'),
    base,
    join(base, 'index.ts'),
  ];
  return candidates.find((path) => existsSync(path) && statSync(path).isFile());
}

/** Every module specifier a file imports (relative or a package), tests excluded. */
function specifiersOf(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((i) => i.fileName);
}

function importGraph(): Edge[] {
  const edges: Edge[] = [];
  for (const file of sourceFiles(SRC)) {
    const scanned = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const imported of scanned.importedFiles) {
      const target = resolveSpecifier(file, imported.fileName);
      if (target?.startsWith(SRC + sep)) edges.push({ from: relative(SRC, file), to: relative(SRC, target) });
    }
  }
  return edges;
}

/** The top folder of a path under src/ (`platform`, `checks`, ...). */
const folderOf = (path: string) => path.split(sep)[0] ?? path;

/** Folders that import each other in a loop: the strongly connected components (Tarjan) of size > 1. */
function folderLoops(edges: readonly Edge[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    const [a, b] = [folderOf(from), folderOf(to)];
    if (!next.has(a)) next.set(a, new Set());
    if (!next.has(b)) next.set(b, new Set());
    if (a !== b) next.get(a)?.add(b);
  }
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const loops: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const to of next.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(to) ?? 0));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node) ?? 0, index.get(to) ?? 0));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) loops.push(component.sort());
    }
  };
  for (const node of [...next.keys()].sort()) if (!index.has(node)) visit(node);
  return loops;
}

describe('the import graph of src/', () => {
  const edges = importGraph();

  it('reads the imports it is meant to', () => {
    // Guards the scanner itself: were it to read nothing, every rule below would pass vacuously.
    expect(edges.length).toBeGreaterThan(500);
    expect(edges).toContainEqual({
      from: join('platform', 'clock.ts'),
      to: join('platform', 'calendar', 'dates.ts'),
    });
  });

  it('keeps the platform on the ground: it imports no domain', () => {
    const upward = edges.filter(
      ({ from, to }) => folderOf(from) === 'platform' && folderOf(to) !== 'platform',
    );
    const allowed = (edge: Edge) => PLATFORM_EXCEPTIONS.some((e) => e.from === edge.from && e.to === edge.to);
    expect(upward.filter((edge) => !allowed(edge)).map(({ from, to }) => `${from} -> ${to}`)).toEqual([]);
    const stale = PLATFORM_EXCEPTIONS.filter(
      (e) => !upward.some((edge) => edge.from === e.from && edge.to === e.to),
    );
    expect(stale, 'an exception no longer needed: take it off the list').toEqual([]);
  });

  it('keeps the check engine pure: it imports only itself and the clause ids', () => {
    const fromEngine = edges.filter(({ from }) => from.startsWith(ENGINE + sep));
    // Guards the filter itself: the engine is dozens of files importing each other.
    expect(fromEngine.length).toBeGreaterThan(50);
    const outside = fromEngine.filter(
      ({ to }) => !to.startsWith(ENGINE + sep) && !ENGINE_MAY_IMPORT.includes(to),
    );
    expect(outside.map(({ from, to }) => `${from} -> ${to}`)).toEqual([]);
  });

  it('keeps the check engine off the disk and the network: no I/O module of Node', () => {
    const engineFiles = sourceFiles(join(SRC, ENGINE));
    expect(engineFiles.length).toBeGreaterThan(20);
    const io = engineFiles.flatMap((file) =>
      specifiersOf(file)
        .filter((s) => IO_MODULES.test(s))
        .map((s) => `${relative(SRC, file)} imports ${s}`),
    );
    expect(io).toEqual([]);
  });

  it('lists the loops between folders (not failing yet: issue 12 removes them)', () => {
    const loops = folderLoops(edges);
    for (const loop of loops) {
      const inside = edges.filter(
        ({ from, to }) =>
          folderOf(from) !== folderOf(to) && loop.includes(folderOf(from)) && loop.includes(folderOf(to)),
      );
      const pairs = new Map<string, Edge>();
      for (const edge of inside) {
        const key = `${folderOf(edge.from)} -> ${folderOf(edge.to)}`;
        if (!pairs.has(key)) pairs.set(key, edge);
      }
      console.info(
        `folder loop: ${loop.join(', ')}\n${[...pairs].map(([key, e]) => `  ${key}  (e.g. ${e.from} -> ${e.to})`).join('\n')}`,
      );
    }
    // The platform stands in no loop, whatever the domains do among themselves.
    expect(loops.filter((loop) => loop.includes('platform'))).toEqual([]);
  });
});
