import { type Kysely, sql } from 'kysely';

/**
 * Takedown reminders: one row per takedown task and stage (`due_soon` to the account's owners, `overdue`
 * to SMT and the headteacher), so the daily job tells each person at most once per task and stage.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never import app types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('post_takedown_reminders')
    .addColumn('task_id', 'uuid', (col) => col.notNull().references('post_takedown_tasks.id'))
    .addColumn('stage', 'text', (col) => col.notNull().check(sql`stage in ('due_soon', 'overdue')`))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('sent_at', 'timestamptz', (col) => col.notNull())
    .addColumn('recipients', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('post_takedown_reminders_pk', ['task_id', 'stage'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('post_takedown_reminders').execute();
}
