import { z } from 'zod';
import { recordAudit } from '../platform/audit/audit.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Db, DbExecutor } from '../platform/db/database.js';
import { forbidden, invalid } from '../platform/errors.js';
import { defaultBlockCategories, loadBlockLists, shortenerCategory } from './block-lists.js';
import {
  blockListCategoryState,
  findCheckSettings,
  insertBlockListImport,
  replaceBlockListEntries,
  upsertCheckSettings,
} from './check-settings.repository.js';
import type { StoredCheckSettings } from './check-settings.table.js';
import { canManageCheckSettings } from './checks.permissions.js';
import { allRuleIds } from './engine/rules/registry.js';
import type { RuleId } from './engine/types.js';

const word = z.string().trim().min(1).max(60);
const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]*$/,
    'must be a domain such as example.org',
  );
const category = z
  .string()
  .trim()
  .regex(/^[\w-]{1,40}$/, 'must be a block list category name such as adult or gambling');

/** A school's tuning of the checks, validated the same way at the HTTP edge and in the CLI. */
export const checkSettingsInputSchema = z
  .object({
    severityOverrides: z
      .partialRecord(
        z.enum(allRuleIds as [RuleId, ...RuleId[]]),
        z.enum(['block', 'review', 'advice', 'off']),
      )
      .optional(),
    extraAbuseWords: z.array(word).max(500).optional(),
    extraProfanityWords: z.array(word).max(500).optional(),
    languageExceptions: z.array(word).max(500).optional(),
    allowedDomains: z.array(domain).max(1000).optional(),
    allowOnlyListed: z.boolean().optional(),
    schoolPhones: z.array(z.string().trim().min(5).max(30)).max(20).optional(),
    schoolAddresses: z.array(z.string().trim().min(5).max(200)).max(20).optional(),
    schoolPostcodes: z.array(z.string().trim().min(5).max(10)).max(20).optional(),
    blockCategories: z.array(category).max(50).optional(),
  })
  .strict();

export type CheckSettingsInput = z.infer<typeof checkSettingsInputSchema>;

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

export interface CheckSettingsView extends StoredCheckSettings {
  blockCategories: string[];
  blockLists: BlockListCategoryState[];
}

function requireSettingsAdmin(actor: Actor): void {
  if (!canManageCheckSettings(actor)) {
    throw forbidden('CheckSettingsForbidden', 'only admins, SMT and the headteacher manage check settings');
  }
}

export async function getCheckSettings(
  db: DbExecutor,
  actor: Actor,
  schoolId: string,
): Promise<CheckSettingsView> {
  requireSettingsAdmin(actor);
  const row = await findCheckSettings(db, schoolId);
  const blockCategories = row?.block_categories ?? [...defaultBlockCategories];
  return {
    ...(row?.settings ?? {}),
    blockCategories,
    blockLists: await getBlockListState(db, actor, schoolId, blockCategories),
  };
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

/** Replaces the school's check settings; the change is audited with the fields it touched. */
export async function updateCheckSettings(
  db: Db,
  actor: Actor,
  schoolId: string,
  input: unknown,
  clock: Clock,
): Promise<CheckSettingsView> {
  requireSettingsAdmin(actor);
  const parsed = checkSettingsInputSchema.safeParse(input);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`);
    throw invalid('InvalidCheckSettings', details[0] ?? 'invalid settings', details);
  }
  const { blockCategories, ...settings } = parsed.data;
  return db.transaction().execute(async (tx) => {
    await upsertCheckSettings(tx, schoolId, settings as StoredCheckSettings, blockCategories, clock.now());
    await recordAudit(tx, {
      actor,
      schoolId,
      at: clock.now(),
      event: {
        type: 'checks.settings_updated',
        subject: { type: 'school', id: schoolId },
        data: { fields: Object.keys(parsed.data).sort() },
      },
    });
    return getCheckSettings(tx, actor, schoolId);
  });
}

/** Entries of block lists, by category, read and checked before anything is written. */
export type BlockListContent = Record<string, { domains: readonly string[]; urls: readonly string[] }>;

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
