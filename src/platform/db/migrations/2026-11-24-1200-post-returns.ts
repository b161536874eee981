import { type Kysely, sql } from 'kysely';

/**
 * Posts sent back for changes: a manager or SMT member who will not approve a post returns it to its
 * author as a draft with a reason, kept for the revision it was given on (nothing is overwritten).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never import app types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('post_returns')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('post_id', 'uuid', (col) => col.notNull().references('posts.id'))
    .addColumn('revision', 'integer', (col) => col.notNull())
    .addColumn('returned_by_staff_id', 'uuid', (col) => col.notNull().references('staff.id'))
    .addColumn('reason', 'text', (col) => col.notNull())
    .addColumn('at', 'timestamptz', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('post_returns_post_idx')
    .on('post_returns')
    .columns(['post_id', 'at'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('post_returns').execute();
}
