import path from 'node:path';
import { invalid } from '../../platform/errors.js';
import { readFileWithin } from '../../platform/uploads/limits.js';

/**
 * The largest single list file read: UT1's largest category file (adult domains) is around 100 MB, and a
 * file far past that is not a block list; read whole, it would take the process's memory.
 */
export const MAX_BLOCK_LIST_FILE_BYTES = 256 * 1024 * 1024;

/** Categories a school blocks unless it chooses otherwise. */
export const defaultBlockCategories: readonly string[] = [
  'adult',
  'gambling',
  'phishing',
  'malware',
  'dating',
  'drugs',
  'violence',
];

export interface BlockLists {
  domains: Set<string>;
  urls: Set<string>;
  /** Entries read per category, for the import summary. */
  counts: Record<string, { domains: number; urls: number }>;
}

async function readLines(file: string): Promise<string[] | undefined> {
  let text: string;
  try {
    text = (await readFileWithin(file, MAX_BLOCK_LIST_FILE_BYTES, 'BlockListTooLarge')).toString('utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const entry = line.trim().toLowerCase();
    if (entry === '' || entry.startsWith('#')) continue;
    out.push(entry.replace(/^https?:\/\//, '').replace(/\/$/, ''));
  }
  return out;
}

/**
 * Loads block lists in the UT1 folder format web filters use (`<category>/domains`, `<category>/urls`, one
 * entry a line) into in-memory sets. Categories missing from the folder are skipped (lists differ in what
 * they carry), but a folder holding none of them is an error, since a wrong path would block nothing.
 */
export async function loadBlockLists(
  dir: string,
  categories: readonly string[] = defaultBlockCategories,
): Promise<BlockLists> {
  const lists: BlockLists = { domains: new Set(), urls: new Set(), counts: {} };
  const missing: string[] = [];
  for (const category of categories) {
    if (!/^[\w-]+$/.test(category))
      throw invalid('BlockListCategoryInvalid', `bad category name ${category}`);
    const domains = await readLines(path.join(dir, category, 'domains'));
    const urls = await readLines(path.join(dir, category, 'urls'));
    if (domains === undefined && urls === undefined) {
      missing.push(category);
      continue;
    }
    for (const d of domains ?? []) lists.domains.add(d);
    for (const u of urls ?? []) lists.urls.add(u);
    lists.counts[category] = { domains: domains?.length ?? 0, urls: urls?.length ?? 0 };
  }
  if (missing.length === categories.length && categories.length > 0) {
    throw invalid('BlockListsNotFound', `no block list categories found in ${dir}`, missing);
  }
  return lists;
}
