import { sql } from 'kysely';
import type { DbExecutor } from '../platform/db/database.js';
import type { CheckSettingsRow, StoredCheckSettings } from './check-settings.table.js';

export async function findCheckSettings(
  db: DbExecutor,
  schoolId: string,
): Promise<CheckSettingsRow | undefined> {
  return db.selectFrom('check_settings').selectAll().where('school_id', '=', schoolId).executeTakeFirst();
}

export async function upsertCheckSettings(
  db: DbExecutor,
  schoolId: string,
  settings: StoredCheckSettings,
  blockCategories: string[] | undefined,
  now: Date,
): Promise<void> {
  const values = {
    school_id: schoolId,
    settings: JSON.stringify(settings),
    updated_at: now,
    ...(blockCategories ? { block_categories: blockCategories } : {}),
  };
  await db
    .insertInto('check_settings')
    .values(values)
    .onConflict((oc) =>
      oc.column('school_id').doUpdateSet({
        settings: JSON.stringify(settings),
        updated_at: now,
        ...(blockCategories ? { block_categories: blockCategories } : {}),
      }),
    )
    .execute();
}

/** Replaces the school's entries for these categories (a block list import is a new edition of the list). */
export async function replaceBlockListEntries(
  db: DbExecutor,
  schoolId: string,
  categories: string[],
  entries: { category: string; kind: 'domain' | 'url'; value: string }[],
): Promise<void> {
  if (categories.length > 0) {
    await db
      .deleteFrom('block_list_entries')
      .where('school_id', '=', schoolId)
      .where('category', 'in', categories)
      .execute();
  }
  // 4 parameters a row; PostgreSQL allows 65,535 per statement.
  const batch = 5000;
  for (let i = 0; i < entries.length; i += batch) {
    await db
      .insertInto('block_list_entries')
      .values(entries.slice(i, i + batch).map((e) => ({ school_id: schoolId, ...e })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

export async function insertBlockListImport(
  db: DbExecutor,
  schoolId: string,
  counts: Record<string, { domains: number; urls: number }>,
  now: Date,
): Promise<string> {
  const row = await db
    .insertInto('block_list_imports')
    .values({ school_id: schoolId, categories: JSON.stringify(counts), imported_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function latestBlockListImport(
  db: DbExecutor,
  schoolId: string,
): Promise<{ id: string } | undefined> {
  return db
    .selectFrom('block_list_imports')
    .select('id')
    .where('school_id', '=', schoolId)
    .orderBy('imported_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function listBlockEntries(
  db: DbExecutor,
  schoolId: string,
  categories: string[],
): Promise<{ kind: 'domain' | 'url'; value: string }[]> {
  if (categories.length === 0) return [];
  return db
    .selectFrom('block_list_entries')
    .select(['kind', 'value'])
    .where('school_id', '=', schoolId)
    .where('category', 'in', categories)
    .execute();
}

export interface CheckContextInputs {
  officialEmailDomains: string[];
  website: string | null;
  settings: StoredCheckSettings | null;
  blockCategories: string[] | null;
  latestBlockListId: string | null;
  /** Change stamps kept by database triggers (migration 2026-12-02-0500); null until the first change. */
  rosterVersion: string | null;
  consentsVersion: string | null;
}

/**
 * Everything the check context needs to know on every check, in one round trip: the school's domains and
 * website, its check settings, its latest block list, and the change stamps of its roster and consents.
 */
export async function findCheckContextInputs(
  db: DbExecutor,
  schoolId: string,
): Promise<CheckContextInputs | undefined> {
  const stamp = (topic: string) =>
    sql<
      string | null
    >`(select version::text from school_change_stamps where school_id = schools.id and topic = ${topic})`;
  return db
    .selectFrom('schools')
    .leftJoin('check_settings', 'check_settings.school_id', 'schools.id')
    .where('schools.id', '=', schoolId)
    .select((eb) => [
      'schools.official_email_domains as officialEmailDomains',
      'schools.website as website',
      'check_settings.settings as settings',
      'check_settings.block_categories as blockCategories',
      eb
        .selectFrom('block_list_imports')
        .select('block_list_imports.id')
        .whereRef('block_list_imports.school_id', '=', 'schools.id')
        .orderBy('block_list_imports.imported_at', 'desc')
        .limit(1)
        .as('latestBlockListId'),
      stamp('roster').as('rosterVersion'),
      stamp('consents').as('consentsVersion'),
    ])
    .executeTakeFirst();
}

/** Entries per category held for a school, and when each category was last imported. */
export async function blockListCategoryState(
  db: DbExecutor,
  schoolId: string,
): Promise<Map<string, { domains: number; urls: number; importedAt: Date | null }>> {
  const counts = await db
    .selectFrom('block_list_entries')
    .select(['category', 'kind', (eb) => eb.fn.countAll<string>().as('n')])
    .where('school_id', '=', schoolId)
    .groupBy(['category', 'kind'])
    .execute();
  const state = new Map<string, { domains: number; urls: number; importedAt: Date | null }>();
  for (const row of counts) {
    const entry = state.get(row.category) ?? { domains: 0, urls: 0, importedAt: null };
    if (row.kind === 'domain') entry.domains = Number(row.n);
    else entry.urls = Number(row.n);
    state.set(row.category, entry);
  }
  // Imports are few (one a week at most): the latest that carried each category gives its date.
  const imports = await db
    .selectFrom('block_list_imports')
    .select(['categories', 'imported_at'])
    .where('school_id', '=', schoolId)
    .orderBy('imported_at', 'desc')
    .limit(200)
    .execute();
  for (const row of imports) {
    for (const category of Object.keys(row.categories)) {
      const entry = state.get(category);
      if (entry && entry.importedAt === null) entry.importedAt = row.imported_at;
    }
  }
  return state;
}
