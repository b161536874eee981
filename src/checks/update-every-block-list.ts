import { rm } from 'node:fs/promises';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db/database.js';
import type { Logger } from '../platform/logger.js';
import { categoriesOf, fetchLists, presentIn } from './block-list-download.js';
import { importBlockLists } from './import-block-lists.js';

export const BLOCK_LIST_UPDATE_QUEUE = 'checks.block-lists-update';

/**
 * The scheduled update (Sunday 03:00, London time): one download for every school, each school's own
 * categories loaded in its own transaction; a school that fails is logged and the next one tried.
 */
export async function updateEveryBlockList(db: Db, url: string, clock: Clock, logger: Logger): Promise<void> {
  const schools = await db.selectFrom('schools').select('id').execute();
  const wanted = new Map<string, string[]>();
  for (const school of schools) wanted.set(school.id, await categoriesOf(db, school.id));
  const union = [...new Set([...wanted.values()].flat())];
  if (union.length === 0) return;
  const { work, root } = await fetchLists(url, union);
  try {
    for (const [schoolId, categories] of wanted) {
      if (categories.length === 0) continue;
      try {
        const { present, missing } = await presentIn(root, categories);
        if (present.length === 0) {
          logger.warn(
            { schoolId, missing },
            'block lists not updated: the download has none of its categories',
          );
          continue;
        }
        const counts = await importBlockLists(
          db,
          { kind: 'system', label: 'block-list-update' },
          { schoolId, dir: root, categories: present },
          clock,
        );
        logger.info({ schoolId, categories: Object.keys(counts), missing }, 'block lists updated');
      } catch (error) {
        logger.warn({ schoolId, err: error }, 'block lists not updated');
      }
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
