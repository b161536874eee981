import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports application code and never changes once released.

/**
 * The history of a school's attestation period (each term or each school year), each change with the instant
 * it took effect, so the governors' report for a past range reads the setting in force then, not today's
 * (issue 16: the same range gives the same figures). A school's current setting is carried over as a change
 * effective when it was last saved; before its first change a school asks each term (the default).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not the current types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('staff_use_setting_changes')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // Orders two changes saved at the same instant.
    .addColumn('seq', 'bigserial', (col) => col.notNull().unique())
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('attestation_period', 'text', (col) =>
      col.notNull().check(sql`attestation_period in ('term', 'year')`),
    )
    .addColumn('effective_at', 'timestamptz', (col) => col.notNull())
    .addColumn('changed_by_staff_id', 'uuid', (col) => col.references('staff.id'))
    .execute();
  await db.schema
    .createIndex('staff_use_setting_changes_school_effective')
    .on('staff_use_setting_changes')
    .columns(['school_id', 'effective_at'])
    .execute();
  await sql`
    insert into staff_use_setting_changes (school_id, attestation_period, effective_at, changed_by_staff_id)
    select school_id, attestation_period, updated_at, updated_by_staff_id from staff_use_settings
  `.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('staff_use_setting_changes').execute();
}
