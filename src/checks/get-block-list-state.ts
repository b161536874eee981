import type { Actor } from '../platform/auth/roles.js';
import type { DbExecutor } from '../platform/db/database.js';
import { defaultBlockCategories } from './block-lists.js';
import { blockListCategoryState, findCheckSettings } from './check-settings.repository.js';
import { requireSettingsAdmin } from './check-settings-access.js';

/** Whether a block list category does anything: ticked is not enough, its list must be loaded. */
export interface BlockListCategoryState {
  category: string;
  /** The school blocks links in this category (ticked on Check settings). */
  enabled: boolean;
  loaded: boolean;
  entries: number;
  /** ISO instant of the import that last loaded it. */
  importedAt: string | null;
}

/**
 * Each block list category the school ticks or holds a list for: whether it is loaded, how many entries,
 * and when. A ticked category with no list blocks nothing, and the pages say so.
 */
export async function getBlockListState(
  db: DbExecutor,
  actor: Actor,
  schoolId: string,
  enabledCategories?: readonly string[],
): Promise<BlockListCategoryState[]> {
  requireSettingsAdmin(actor);
  const enabled =
    enabledCategories ?? (await findCheckSettings(db, schoolId))?.block_categories ?? defaultBlockCategories;
  const held = await blockListCategoryState(db, schoolId);
  const names = [...new Set([...enabled, ...held.keys()])];
  return names.map((category) => {
    const state = held.get(category);
    const entries = (state?.domains ?? 0) + (state?.urls ?? 0);
    return {
      category,
      enabled: enabled.includes(category),
      loaded: entries > 0,
      entries,
      importedAt: state?.importedAt?.toISOString() ?? null,
    };
  });
}
