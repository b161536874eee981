import path from 'node:path';
import { invalid } from '../platform/errors.js';
import { readFileWithin } from '../platform/uploads/limits.js';
import { normaliseListEntry } from './engine/links/normalise.js';

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

/**
 * Folder names other editions use for a category: UT1 is French-maintained and files drugs under `drogue`
 * and violence under `agressif`, so the default categories would otherwise find nothing there.
 */
const categoryFolders: Readonly<Record<string, readonly string[]>> = {
  drugs: ['drugs', 'drogue'],
  violence: ['violence', 'agressif'],
};

/** The folder names a category may have in a list tree (its own name first). */
export function categoryFolderNames(category: string): readonly string[] {
  return categoryFolders[category] ?? [category];
}

/** The UT1 category of link shorteners: read whenever present, for the shortener rule (not for blocking). */
export const shortenerCategory = 'shortener';

export interface BlockLists {
  domains: Set<string>;
  urls: Set<string>;
  /** Shortener domains from the tree's `shortener` category, when it has one. */
  shorteners: Set<string>;
  /** Entries read per category, for the import summary. */
  counts: Record<string, { domains: number; urls: number }>;
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return (await readFileWithin(file, MAX_BLOCK_LIST_FILE_BYTES, 'BlockListTooLarge')).toString('utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Reads a category's `domains` and `urls` files into normalised entries; undefined when it has neither. */
async function readCategory(
  dir: string,
  category: string,
): Promise<{ domains: string[]; urls: string[] } | undefined> {
  for (const folder of categoryFolders[category] ?? [category]) {
    const files = [
      await readText(path.join(dir, folder, 'domains')),
      await readText(path.join(dir, folder, 'urls')),
    ];
    if (files.every((f) => f === undefined)) continue;
    const domains = new Set<string>();
    const urls = new Set<string>();
    for (const text of files) {
      for (const line of (text ?? '').split(/\r?\n/)) {
        const entry = normaliseListEntry(line);
        if (entry) (entry.kind === 'domain' ? domains : urls).add(entry.value);
      }
    }
    return { domains: [...domains], urls: [...urls] };
  }
  return undefined;
}

/**
 * Loads block lists in the UT1 folder format web filters use (`<category>/domains`, `<category>/urls`, one
 * entry a line) into in-memory sets of normalised entries (normalise.ts), so an entry matches a link
 * however either is written. Categories the caller names must all be there: a category asked for and
 * silently missing would block nothing. With the default categories, those a list does not carry are
 * skipped, but a folder holding none of them is an error, since a wrong path would block nothing.
 */
export async function loadBlockLists(dir: string, categories?: readonly string[]): Promise<BlockLists> {
  const asked = categories ?? defaultBlockCategories;
  const lists: BlockLists = { domains: new Set(), urls: new Set(), shorteners: new Set(), counts: {} };
  const missing: string[] = [];
  for (const category of asked) {
    if (!/^[\w-]+$/.test(category))
      throw invalid('BlockListCategoryInvalid', `bad category name ${category}`);
    const read = await readCategory(dir, category);
    if (read === undefined) {
      missing.push(category);
      continue;
    }
    // Shorteners hide where a link goes; they are reviewed by the shortener rule, not blocked outright.
    const target = category === shortenerCategory ? lists.shorteners : lists.domains;
    for (const d of read.domains) target.add(d);
    if (target === lists.domains) for (const u of read.urls) lists.urls.add(u);
    lists.counts[category] = { domains: read.domains.length, urls: read.urls.length };
  }
  if (missing.length === asked.length && asked.length > 0) {
    throw invalid('BlockListsNotFound', `no block list categories found in ${dir}`, missing);
  }
  if (categories !== undefined && missing.length > 0) {
    throw invalid(
      'BlockListCategoryMissing',
      `${dir} has no ${missing.join(', ')} categor${missing.length === 1 ? 'y' : 'ies'}`,
      missing,
    );
  }
  if (!asked.includes(shortenerCategory)) {
    const read = await readCategory(dir, shortenerCategory);
    for (const d of read?.domains ?? []) lists.shorteners.add(d);
  }
  return lists;
}
