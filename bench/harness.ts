/**
 * The benchmark contract: each `bench/*.bench.ts` default-exports a function returning rows. The runner
 * prints them as one table and writes them as JSON to `bench/results/`.
 */
export interface BenchRow {
  /** The benchmark file's subject, e.g. `checks`. */
  suite: string;
  /** What was measured, e.g. `texts per second (all text rules)`. */
  name: string;
  value: number;
  unit: string;
  /** The figure an issue asks for, e.g. `>= 20000`; rows without one are comparisons or context. */
  target?: string;
  /** Whether `value` meets `target`; absent when there is no target. */
  ok?: boolean;
  note?: string;
}

export type BenchFunction = () => Promise<BenchRow[]>;

/** Checks a value against a target written as `>= N` or `<= N`. */
export function meets(value: number, target: string): boolean {
  const match = /^(>=|<=)\s*(-?[\d.]+)$/.exec(target.trim());
  if (!match) throw new Error(`bad target ${target}: write it as ">= N" or "<= N"`);
  const bound = Number(match[2]);
  return match[1] === '>=' ? value >= bound : value <= bound;
}

export function row(
  suite: string,
  name: string,
  value: number,
  unit: string,
  target?: string,
  note?: string,
): BenchRow {
  return {
    suite,
    name,
    value,
    unit,
    ...(target === undefined ? {} : { target, ok: meets(value, target) }),
    ...(note === undefined ? {} : { note }),
  };
}

/** Median of a list of numbers (the list is copied, not sorted in place). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
