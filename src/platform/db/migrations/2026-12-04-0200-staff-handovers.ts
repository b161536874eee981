import { type Kysely, sql } from 'kysely';

/**
 * A leaver's handover (policy section 1, staff leaving): one open task per member of staff who left, for SMT
 * to give each of their sanctioned accounts a new owner or close it on the register. What it lists (their
 * accounts, approvals and posts awaiting approval) is read live; the task keeps who opened it and when it
 * was finished. Each account's decision is an audit event of its own.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never import app types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('staff_handovers')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('staff_id', 'uuid', (col) => col.notNull().references('staff.id'))
    .addColumn('status', 'text', (col) =>
      col.notNull().defaultTo('open').check(sql`status in ('open', 'done')`),
    )
    .addColumn('opened_at', 'timestamptz', (col) => col.notNull())
    .addColumn('opened_by', 'text', (col) => col.notNull())
    .addColumn('done_at', 'timestamptz')
    .addColumn('done_by_staff_id', 'uuid', (col) => col.references('staff.id'))
    .addUniqueConstraint('staff_handovers_once', ['school_id', 'staff_id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never import app types.
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('staff_handovers').execute();
}
