import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports application code and never changes once released.

/**
 * A school's own retention periods: one row per school and retention rule the school has set, holding the
 * amount in the rule's unit (years, months or days, fixed by the rule). A rule without a row keeps
 * Guardpost's standard period. The bounds a school may choose within are the application's, not the
 * database's, so a later release can state them again without a migration.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not the current types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('retention_periods')
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('rule_id', 'text', (col) => col.notNull())
    .addColumn('amount', 'integer', (col) => col.notNull().check(sql`amount > 0`))
    .addColumn('updated_by_staff_id', 'uuid', (col) => col.references('staff.id'))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
    .addPrimaryKeyConstraint('retention_periods_pk', ['school_id', 'rule_id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('retention_periods').execute();
}
