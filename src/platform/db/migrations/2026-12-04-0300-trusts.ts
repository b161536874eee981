import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports application code and never changes once released.

/**
 * Trusts (issue 16): a trust groups schools (a school is in one trust at most); trust roles are held per
 * trust, not per school; a trust publishes policy templates, and each school's adoption of a template
 * version (as its own new policy version, possibly adapted) is recorded.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not the current types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('trusts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('trust_schools')
    .addColumn('school_id', 'uuid', (c) => c.primaryKey().references('schools.id'))
    .addColumn('trust_id', 'uuid', (c) => c.notNull().references('trusts.id'))
    .addColumn('joined_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('trust_schools_trust_idx').on('trust_schools').column('trust_id').execute();

  await db.schema
    .createTable('trust_memberships')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('trust_id', 'uuid', (c) => c.notNull().references('trusts.id'))
    .addColumn('staff_id', 'uuid', (c) => c.notNull().references('staff.id'))
    .addColumn('roles', sql`text[]`, (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('active').check(sql`status in ('active', 'left')`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('trust_memberships_trust_staff_key', ['trust_id', 'staff_id'])
    .execute();
  await db.schema
    .createIndex('trust_memberships_staff_idx')
    .on('trust_memberships')
    .column('staff_id')
    .execute();

  await db.schema
    .createTable('trust_policy_templates')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('trust_id', 'uuid', (c) => c.notNull().references('trusts.id'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull().check(sql`format in ('text', 'markdown')`))
    .addColumn('document_text', 'text', (c) => c.notNull())
    .addColumn('document_hash', 'text', (c) => c.notNull())
    .addColumn('published_by_staff_id', 'uuid', (c) => c.references('staff.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('trust_policy_templates_trust_label_key', ['trust_id', 'label'])
    .execute();

  await db.schema
    .createTable('trust_template_adoptions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('template_id', 'uuid', (c) => c.notNull().references('trust_policy_templates.id'))
    .addColumn('school_id', 'uuid', (c) => c.notNull().references('schools.id'))
    .addColumn('policy_version_id', 'uuid', (c) => c.notNull().references('policy_versions.id'))
    .addColumn('adapted', 'boolean', (c) => c.notNull())
    .addColumn('adopted_by_staff_id', 'uuid', (c) => c.references('staff.id'))
    .addColumn('adopted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('trust_template_adoptions_template_school_key', ['template_id', 'school_id'])
    .execute();
  await db.schema
    .createIndex('trust_template_adoptions_school_idx')
    .on('trust_template_adoptions')
    .columns(['school_id', 'adopted_at'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not the current types.
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'trust_template_adoptions',
    'trust_policy_templates',
    'trust_memberships',
    'trust_schools',
    'trusts',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
