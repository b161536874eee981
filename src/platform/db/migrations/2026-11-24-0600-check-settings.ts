import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports application code and never changes once released.

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not the current types.
export async function up(db: Kysely<any>): Promise<void> {
  // A school's tuning of the check engine; absent row = the seed policy's defaults.
  await db.schema
    .createTable('check_settings')
    .addColumn('school_id', 'uuid', (col) => col.primaryKey().references('schools.id'))
    .addColumn('settings', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('block_categories', sql`text[]`, (col) =>
      col.notNull().defaultTo(sql`'{adult,gambling,phishing,malware,dating,drugs,violence}'::text[]`),
    )
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  // Entries of the block lists a school loaded (UT1 folder format), one row per domain or URL.
  await db.schema
    .createTable('block_list_entries')
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('category', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('domain', 'url')`))
    .addColumn('value', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('block_list_entries_pk', ['school_id', 'category', 'kind', 'value'])
    .execute();

  await db.schema
    .createTable('block_list_imports')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('categories', 'jsonb', (col) => col.notNull())
    .addColumn('imported_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('block_list_imports').execute();
  await db.schema.dropTable('block_list_entries').execute();
  await db.schema.dropTable('check_settings').execute();
}
