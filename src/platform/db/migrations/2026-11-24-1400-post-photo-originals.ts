import { type Kysely, sql } from 'kysely';

/**
 * A school's posting settings (whether to keep photo originals) and the kept originals, sealed under a data
 * key each and keyed by the stored photo they came from.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never import app types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('post_school_settings')
    .addColumn('school_id', 'uuid', (col) => col.primaryKey().references('schools.id'))
    .addColumn('keep_photo_originals', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
    .addColumn('updated_by_staff_id', 'uuid', (col) => col.references('staff.id'))
    .execute();

  await db.schema
    .createTable('post_photo_originals')
    .addColumn('photo_id', 'uuid', (col) => col.primaryKey().references('post_photos.id'))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('data_key_id', 'uuid', (col) => col.notNull().unique().references('data_keys.id'))
    .addColumn('media_type', 'text', (col) => col.notNull())
    .addColumn('size_bytes', 'integer', (col) => col.notNull().check(sql`size_bytes > 0`))
    .addColumn('content', 'bytea', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('post_photo_originals_school')
    .on('post_photo_originals')
    .column('school_id')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('post_photo_originals').execute();
  await db.schema.dropTable('post_school_settings').execute();
}
