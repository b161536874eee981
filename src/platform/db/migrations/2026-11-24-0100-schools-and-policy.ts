import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports application code and never changes once released.

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not the current types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('schools')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('urn', 'text', (col) => col.unique())
    .addColumn('official_email_domains', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('website', 'text')
    .addColumn('aup_url', 'text')
    .addColumn('is_demo', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('policy_versions')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('label', 'text', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('document_text', 'text', (col) => col.notNull())
    .addColumn('document_hash', 'text', (col) => col.notNull())
    .addColumn('source', 'text', (col) => col.notNull().check(sql`source in ('seed', 'import')`))
    .addColumn('format', 'text', (col) => col.notNull().check(sql`format in ('text', 'markdown')`))
    .addColumn('sections', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('effective_from', 'date', (col) => col.notNull())
    .addColumn('next_review_due', 'date', (col) => col.notNull())
    .addColumn('is_current', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  // At most one current version per school.
  await sql`create unique index policy_versions_one_current on policy_versions (school_id) where is_current`.execute(
    db,
  );
  await db.schema
    .createIndex('policy_versions_school_label')
    .on('policy_versions')
    .columns(['school_id', 'label'])
    .unique()
    .execute();

  await db.schema
    .createTable('policy_reviews')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('policy_version_id', 'uuid', (col) => col.notNull().references('policy_versions.id'))
    .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('written', 'reviewed')`))
    .addColumn('reviewed_on', 'date', (col) => col.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('policy_reviews_version')
    .on('policy_reviews')
    .column('policy_version_id')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('policy_reviews').execute();
  await db.schema.dropTable('policy_versions').execute();
  await db.schema.dropTable('schools').execute();
}
