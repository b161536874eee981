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
 * The floors of the house, lowest first (docs/architecture.md, "The floors"). An import from a folder to one
 * on a higher floor runs back up; folders on one floor may import each other (but never in a loop). A
 * folder of src/ missing here fails the test: place a new domain on its floor. `checks/engine` (the pure
 * check engine) is a floor of its own inside checks/.
 */
const FLOORS: readonly (readonly string[])[] = [
  ['platform'],
  // Import-free tables the web app compiles too: app pages and links, concern words.
  ['shared'],
  // The domains' in-app notifications: each kind opens its page of the web app.
  ['notifications'],
  // The clause registry and the policy's versions: every check and workflow cites its clauses.
  ['policy'],
  ['checks/engine'],
  // The domains, each above those it uses.
  ['schools'],
  ['people'],
  ['consent'],
  ['checks'],
  ['accounts'],
  // Staff personal use: the approvals a post check reads (clauses 1.5, 1.6).
  ['staff-use'],
  ['posts'],
  // Connectors publish approved posts, so they stand above posts.
  ['connectors'],
  ['concerns'],
  // Moderation opens connections and files a disclosure as a concern.
  ['moderation'],
  // Reading across the domains: governors' figures, retention and subject access requests.
  ['reports', 'retention', 'sar'],
  // Trusts compare their schools through the figures of the domains and the reports, and publish policy
  // templates that schools adopt through the policy's own publishing.
  ['trusts'],
  // Above every domain: the composition root and the demo school seeded through the services.
  ['app', 'demo'],
  ['server', 'cli'],
];

/** At most this many imports may run back up the floors (issue 12), known ones below apart. */
const MAX_UPWARD_IMPORTS = 3;

/**
 * Folder-to-folder imports that still run the wrong way and close the last loops between domains, each with
 * who removes it. The list only shrinks: a test fails when an entry is no longer needed, so whoever removes
 * the import takes the entry off. Without them there is no loop between folders and no upward import.
 */
const KNOWN_WRONG_WAY: readonly { from: string; to: string; reason: string }[] = [];

/** The check engine: pure, so it may import itself and the policy's clause ids, and nothing else of src/. */
const ENGINE = join('checks', 'engine');
const ENGINE_MAY_IMPORT: readonly string[] = [join('policy', 'clauses.ts')];
/** Node modules that reach the disk, the network or other processes: the engine is handed data instead. */
const IO_MODULES =
  /^(?:node:)?(?:fs|fs\/promises|module|child_process|net|http|https|http2|dns|tls|dgram|worker_threads|os|process|cluster)$/;

/** Every module specifier a file imports (relative or a package), tests excluded. */
function specifiersOf(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((i) => i.fileName);
}

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

/** The folder of a path under src/ as the floors count it: its top folder, or `checks/engine`. */
function folderOf(path: string): string {
  const [top, second] = path.split(sep);
  if (top === 'checks' && second === 'engine') return 'checks/engine';
  return top ?? path;
}

const floorOf = (folder: string) => FLOORS.findIndex((floor) => floor.includes(folder));

const isKnown = (from: string, to: string) =>
  KNOWN_WRONG_WAY.some((known) => known.from === folderOf(from) && known.to === folderOf(to));

const describeEdges = (edges: readonly Edge[]) => edges.map(({ from, to }) => `${from} -> ${to}`);

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

  it('keeps the platform on the ground: it imports no domain and nothing above it', () => {
    const upward = edges.filter(
      ({ from, to }) => folderOf(from) === 'platform' && folderOf(to) !== 'platform',
    );
    expect(describeEdges(upward)).toEqual([]);
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

  it('places every folder of src/ on a floor', () => {
    // Every folder on disk, imports or none (a new domain's first file may import nothing yet).
    const folders = readdirSync(SRC).filter((name) => statSync(join(SRC, name)).isDirectory());
    if (existsSync(join(SRC, 'checks', 'engine'))) folders.push('checks/engine');
    expect(folders).toContain('platform');
    expect(folders.filter((folder) => floorOf(folder) < 0).sort(), 'add the folder to FLOORS').toEqual([]);
  });

  it('has no loop between folders (the known wrong-way imports apart)', () => {
    const remaining = edges.filter(({ from, to }) => !isKnown(from, to));
    const loops = folderLoops(remaining);
    const described = loops.map((loop) => {
      const inside = remaining.filter(
        ({ from, to }) =>
          folderOf(from) !== folderOf(to) && loop.includes(folderOf(from)) && loop.includes(folderOf(to)),
      );
      const pairs = new Map<string, Edge>();
      for (const edge of inside) {
        const key = `${folderOf(edge.from)} -> ${folderOf(edge.to)}`;
        if (!pairs.has(key)) pairs.set(key, edge);
      }
      return `${loop.join(', ')}: ${[...pairs].map(([key, e]) => `${key} (e.g. ${e.from} -> ${e.to})`).join('; ')}`;
    });
    expect(described).toEqual([]);
    // The known ones, for whoever removes them next.
    if (KNOWN_WRONG_WAY.length > 0)
      console.info(
        `loops still closed by known imports:\n${folderLoops(edges)
          .map((l) => `  ${l.join(', ')}`)
          .join('\n')}`,
      );
  });

  it(`lets at most ${MAX_UPWARD_IMPORTS} imports run back up the floors`, () => {
    const upward = edges.filter(({ from, to }) => {
      const [a, b] = [floorOf(folderOf(from)), floorOf(folderOf(to))];
      return a >= 0 && b >= 0 && b > a;
    });
    const known = upward.filter(({ from, to }) => isKnown(from, to));
    const unknown = upward.filter(({ from, to }) => !isKnown(from, to));
    console.info(
      `imports running back up the floors: ${upward.length} (${known.length} known)\n${describeEdges(upward)
        .map((line) => `  ${line}`)
        .join('\n')}`,
    );
    expect(unknown.length, describeEdges(unknown).join('\n')).toBeLessThanOrEqual(MAX_UPWARD_IMPORTS);
  });

  it('keeps the known wrong-way list short: every entry still names an import that exists', () => {
    const stale = KNOWN_WRONG_WAY.filter(
      (known) => !edges.some(({ from, to }) => folderOf(from) === known.from && folderOf(to) === known.to),
    );
    expect(stale, 'an entry no longer needed: take it off KNOWN_WRONG_WAY').toEqual([]);
  });
});

/** Most lines a source file of src/ may have: past it, a file holds more than one use case or part. */
const MAX_LINES = 500;
/** Files that are data tables rather than code (issue 12 exempts them), each with what it holds. */
const DATA_TABLES: Readonly<Record<string, string>> = {
  [join('checks', 'engine', 'text', 'nicknames.ts')]: 'given names and their variants',
};
/** Code files still over the limit, each with who splits it; the list only shrinks. */
const KNOWN_LONG: Readonly<Record<string, string>> = {};

describe('the rooms of src/', () => {
  const lengths = new Map(
    sourceFiles(SRC).map((file) => [relative(SRC, file), readFileSync(file, 'utf8').split('\n').length]),
  );

  it(`keeps every code file to ${MAX_LINES} lines (data tables apart)`, () => {
    const long = [...lengths]
      .filter(([file, lines]) => lines > MAX_LINES && !(file in DATA_TABLES) && !(file in KNOWN_LONG))
      .map(([file, lines]) => `${file}: ${lines} lines`);
    expect(long).toEqual([]);
  });

  it('keeps the exemptions honest: every listed file exists and a known long file is still long', () => {
    const missing = Object.keys(DATA_TABLES).filter((file) => !lengths.has(file));
    const shortNow = Object.keys(KNOWN_LONG).filter((file) => (lengths.get(file) ?? 0) <= MAX_LINES);
    expect(missing).toEqual([]);
    expect(shortNow, 'no longer long: take it off KNOWN_LONG').toEqual([]);
  });
});
