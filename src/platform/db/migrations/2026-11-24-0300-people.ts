import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports application code and never changes once released.

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not the current types.
export async function up(db: Kysely<any>): Promise<void> {
  // Pupils are never deleted: a leaver keeps their row (status 'left') so a photo or post can still name them.
  await db.schema
    .createTable('pupils')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('external_id', 'text', (col) => col.notNull())
    .addColumn('given_name', 'text', (col) => col.notNull())
    .addColumn('family_name', 'text', (col) => col.notNull())
    .addColumn('preferred_name', 'text')
    .addColumn('date_of_birth', 'date')
    .addColumn('year_group', 'integer', (col) => col.check(sql`year_group between 0 and 14`))
    .addColumn('status', 'text', (col) =>
      col.notNull().defaultTo('current').check(sql`status in ('current', 'left')`),
    )
    .addColumn('left_on', 'date')
    .addColumn('upn', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('pupils_school_external', ['school_id', 'external_id'])
    .execute();
  await db.schema
    .createIndex('pupils_school_year')
    .on('pupils')
    .columns(['school_id', 'year_group'])
    .execute();

  await db.schema
    .createTable('carers')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('external_id', 'text', (col) => col.notNull())
    .addColumn('given_name', 'text', (col) => col.notNull())
    .addColumn('family_name', 'text', (col) => col.notNull())
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('carers_school_external', ['school_id', 'external_id'])
    .execute();

  // A link that no longer holds is ended (ended_on), not deleted, so the history of who was a carer stays.
  await db.schema
    .createTable('carer_pupil_links')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('carer_id', 'uuid', (col) => col.notNull().references('carers.id'))
    .addColumn('pupil_id', 'uuid', (col) => col.notNull().references('pupils.id'))
    .addColumn('relationship', 'text')
    .addColumn('parental_responsibility', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('ended_on', 'date')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('carer_pupil_links_pair', ['carer_id', 'pupil_id'])
    .execute();
  await db.schema.createIndex('carer_pupil_links_pupil').on('carer_pupil_links').column('pupil_id').execute();

  await db.schema
    .createTable('roster_imports')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('actor_staff_id', 'uuid', (col) => col.references('staff.id'))
    .addColumn('actor_label', 'text', (col) => col.notNull())
    .addColumn('at', 'timestamptz', (col) => col.notNull())
    .addColumn('file_name', 'text', (col) => col.notNull())
    .addColumn('format', 'text', (col) => col.notNull())
    .addColumn('full', 'boolean', (col) => col.notNull())
    .addColumn('counts', 'jsonb', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('roster_imports_school_at')
    .on('roster_imports')
    .columns(['school_id', 'at'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('roster_imports').execute();
  await db.schema.dropTable('carer_pupil_links').execute();
  await db.schema.dropTable('carers').execute();
  await db.schema.dropTable('pupils').execute();
}
