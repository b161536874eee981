import { rm } from 'node:fs/promises';
import type { Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db/database.js';
import { categoriesOf, fetchLists, presentIn } from './block-list-download.js';
import { importBlockLists } from './import-block-lists.js';

export interface BlockListUpdate {
  counts: Record<string, { domains: number; urls: number }>;
  /** The school's categories the download did not carry: still not loaded. */
  missing: string[];
}

/**
 * Downloads the UT1 archive from `url`, unpacks only the categories the school blocks, and loads them as
 * `guardpost lists import` would (one transaction, audited). Nothing is kept on disk afterwards.
 */
export async function updateBlockLists(
  db: Db,
  actor: Actor,
  input: { schoolId: string; url: string },
  clock: Clock,
): Promise<BlockListUpdate> {
  const categories = await categoriesOf(db, input.schoolId);
  if (categories.length === 0) return { counts: {}, missing: [] };
  const { work, root } = await fetchLists(input.url, categories);
  try {
    const { present, missing } = await presentIn(root, categories);
    if (present.length === 0) return { counts: {}, missing };
    const counts = await importBlockLists(
      db,
      actor,
      { schoolId: input.schoolId, dir: root, categories: present },
      clock,
    );
    return { counts, missing };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
