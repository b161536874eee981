import type { Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db/database.js';
import { defaultBlockCategories, loadBlockLists, shortenerCategory } from './block-lists.js';
import { requireSettingsAdmin } from './check-settings-access.js';
import { type BlockListContent, storeBlockLists } from './store-block-lists.js';

/**
 * Loads block lists from a UT1-format folder into the database for a school, replacing the categories it
 * holds. Everything is read and validated before the one transaction that writes.
 */
export async function importBlockLists(
  db: Db,
  actor: Actor,
  input: { schoolId: string; dir: string; categories?: readonly string[] | undefined },
  clock: Clock,
): Promise<Record<string, { domains: number; urls: number }>> {
  requireSettingsAdmin(actor);
  const categories = input.categories ?? defaultBlockCategories;
  const content: BlockListContent = {};
  // All categories are read at once first, so a folder holding none of them (or without a category the
  // caller named) is refused as a whole.
  await loadBlockLists(input.dir, input.categories);
  for (const name of categories) {
    let lists: Awaited<ReturnType<typeof loadBlockLists>>;
    try {
      lists = await loadBlockLists(input.dir, [name]);
    } catch {
      continue; // A category this list does not carry.
    }
    const domains = name === shortenerCategory ? lists.shorteners : lists.domains;
    content[name] = { domains: [...domains], urls: [...lists.urls] };
  }
  return storeBlockLists(db, actor, input.schoolId, content, clock);
}
