import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db/database.js';
import { invalid } from '../platform/errors.js';
import { insertBlockListImport, replaceBlockListEntries } from './check-settings.repository.js';
import { requireSettingsAdmin } from './check-settings-access.js';

/** Entries of block lists, by category, read and checked before anything is written. */
export type BlockListContent = Record<string, { domains: readonly string[]; urls: readonly string[] }>;

/**
 * Replaces the categories given with these entries, in one transaction with its audit event; the import
 * is recorded with its counts, which is what Check settings shows as each list's state.
 */
export async function storeBlockLists(
  db: Db,
  actor: Actor,
  schoolId: string,
  content: BlockListContent,
  clock: Clock,
): Promise<Record<string, { domains: number; urls: number }>> {
  requireSettingsAdmin(actor);
  const entries: { category: string; kind: 'domain' | 'url'; value: string }[] = [];
  const counts: Record<string, { domains: number; urls: number }> = {};
  for (const [name, lists] of Object.entries(content)) {
    if (!/^[\w-]{1,40}$/.test(name)) throw invalid('BlockListCategoryInvalid', `bad category name ${name}`);
    const domains = new Set(lists.domains);
    const urls = new Set(lists.urls);
    for (const value of domains) entries.push({ category: name, kind: 'domain', value });
    for (const value of urls) entries.push({ category: name, kind: 'url', value });
    counts[name] = { domains: domains.size, urls: urls.size };
  }
  await db.transaction().execute(async (tx) => {
    await replaceBlockListEntries(tx, schoolId, Object.keys(counts), entries);
    const importId = await insertBlockListImport(tx, schoolId, counts, clock.now());
    await recordAudit(tx, {
      actor,
      schoolId,
      at: clock.now(),
      event: {
        type: 'checks.block_lists_imported',
        subject: { type: 'block_list_import', id: importId },
        data: { counts },
      },
    });
  });
  return counts;
}
