import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports application code and never changes once released.

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not the current types.
export async function up(db: Kysely<any>): Promise<void> {
  // One row per person who works in any school of the deployment; their email signs them in.
  await db.schema
    .createTable('staff')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('email', 'text', (col) => col.notNull().unique())
    .addColumn('given_name', 'text', (col) => col.notNull())
    .addColumn('family_name', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('staff_email_lower', sql`email = lower(email)`)
    .execute();

  // A person's place in one school: roles, line manager, MIS id, whether they still work there.
  await db.schema
    .createTable('staff_memberships')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('staff_id', 'uuid', (col) => col.notNull().references('staff.id'))
    .addColumn('roles', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{staff}'::text[]`))
    .addColumn('external_id', 'text')
    .addColumn('manager_staff_id', 'uuid', (col) => col.references('staff.id'))
    .addColumn('status', 'text', (col) =>
      col.notNull().defaultTo('active').check(sql`status in ('active', 'left')`),
    )
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('staff_memberships_school_staff', ['school_id', 'staff_id'])
    .execute();
  await sql`create unique index staff_memberships_school_external on staff_memberships (school_id, external_id) where external_id is not null`.execute(
    db,
  );

  // Append-only, hash-chained per school: each row holds the hash of the one before it in its chain.
  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('school_id', 'uuid', (col) => col.references('schools.id'))
    .addColumn('seq', 'bigint', (col) => col.notNull())
    .addColumn('at', 'timestamptz', (col) => col.notNull())
    .addColumn('actor_staff_id', 'uuid', (col) => col.references('staff.id'))
    .addColumn('actor_label', 'text', (col) => col.notNull())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('subject_type', 'text')
    .addColumn('subject_id', 'text')
    .addColumn('data', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('prev_hash', 'text', (col) => col.notNull())
    .addColumn('hash', 'text', (col) => col.notNull())
    .execute();
  // The chain key: one sequence per school, and one for deployment-wide events (school_id null).
  await sql`create unique index audit_events_chain on audit_events ((coalesce(school_id, '00000000-0000-0000-0000-000000000000'::uuid)), seq)`.execute(
    db,
  );
  await db.schema
    .createIndex('audit_events_school_at')
    .on('audit_events')
    .columns(['school_id', 'at'])
    .execute();
  await db.schema
    .createIndex('audit_events_subject')
    .on('audit_events')
    .columns(['subject_type', 'subject_id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_events').execute();
  await db.schema.dropTable('staff_memberships').execute();
  await db.schema.dropTable('staff').execute();
}
