import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { compileResults, followerKeys, type HashMatch } from '../src/staff-use/follower-keys.js';
import { buildRosterKeyMap, hashRosterKeyMap, keyedHasher } from '../src/staff-use/roster-keys.js';
import { type BenchFunction, type BenchRow, meets } from './harness.js';
import { generateAuditRoster, generateFollowers } from './self-audit-data.js';

const today = '2026-11-24';

/**
 * The follower self-audit (issue 14): recall and precision of matching on a generated set, by display name
 * and by handle, and the time to match 5,000 followers against a 5,500-person roster (both sides: the
 * browser's keys and hashes, the server's roster keys and lookups), in Node.
 */
const bench: BenchFunction = async () => {
  const roster = generateAuditRoster(today, 5_500);
  const cases = generateFollowers(roster, today, 5_000, 600);
  const key = randomBytes(32);
  const hash = keyedHasher(key);
  // Warm up the modules (nickname table, Double Metaphone) as a page would have them loaded.
  buildRosterKeyMap(roster.slice(0, 50), today);
  const cpu = process.cpuUsage();
  const started = performance.now();
  // Server: the roster's keys, hashed with the session key.
  const map = hashRosterKeyMap(buildRosterKeyMap(roster, today), key);
  const serverBuilt = performance.now();
  // Browser: each follower's keys, each distinct key hashed once (as self-audit-matching.ts does); the
  // server answers; the browser joins the answers.
  const rawKeys = cases.map((c) => followerKeys(c.follower, 2026));
  const hashOf = new Map<string, string>();
  for (const keys of rawKeys) for (const k of keys) if (!hashOf.has(k.key)) hashOf.set(k.key, hash(k.key));
  const keysOf = rawKeys.map((keys) =>
    keys.map((k) => ({ hash: hashOf.get(k.key) as string, source: k.source })),
  );
  const answers = new Map<string, HashMatch[]>();
  for (const keys of keysOf)
    for (const { hash } of keys) {
      const found = map.get(hash);
      if (found) answers.set(hash, found);
    }
  const results = compileResults(
    cases.map((c) => c.follower),
    keysOf,
    answers,
  );
  const total = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  const flagged = new Set(results.map((r) => r.index));
  const score = (form: 'name' | 'handle') => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    cases.forEach((c, i) => {
      if (c.form !== form) return;
      if (flagged.has(i)) c.positive ? tp++ : fp++;
      else if (c.positive) fn++;
    });
    return { recall: tp / Math.max(1, tp + fn), precision: tp / Math.max(1, tp + fp), tp, fp, fn };
  };
  const names = score('name');
  const handles = score('handle');
  const rows: BenchRow[] = [];
  const add = (name: string, value: number, unit: string, target?: string, note?: string) =>
    rows.push({
      suite: 'self-audit',
      name,
      value,
      unit,
      ...(target ? { target, ok: meets(value, target) } : {}),
      ...(note ? { note } : {}),
    });
  add('name recall', names.recall, 'ratio', '>= 0.95', `tp ${names.tp}, fn ${names.fn}`);
  add('name precision', names.precision, 'ratio', '>= 0.9', `fp ${names.fp}`);
  add('handle recall', handles.recall, 'ratio', undefined, `tp ${handles.tp}, fn ${handles.fn}`);
  add('handle precision', handles.precision, 'ratio', undefined, `fp ${handles.fp}`);
  const load = loadavg()[0] ?? 0;
  add(
    '5,000 followers vs 5,500 roster, whole match (Node, CPU time)',
    cpuMs,
    'ms',
    '<= 1000',
    `CPU time (wall time on a shared machine measures the machine); load ${load.toFixed(1)} on ${cpus().length} cores; ${hashOf.size} distinct follower keys`,
  );
  add('5,000 followers vs 5,500 roster, whole match (Node, wall time)', total, 'ms');
  add('of which the server hashes the roster', serverBuilt - started, 'ms');
  return rows;
};

export default bench;
