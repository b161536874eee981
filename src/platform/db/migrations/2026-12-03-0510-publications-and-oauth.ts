import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports application code and never changes once released.

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not the current types.
export async function up(db: Kysely<any>): Promise<void> {
  // A post published through its account's connector, once per revision: the unique key makes a second
  // publish of the same revision impossible, whoever or whatever asks. A failed attempt stays, with why.
  await db.schema
    .createTable('post_publications')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('post_id', 'uuid', (col) => col.notNull().references('posts.id'))
    .addColumn('revision', 'integer', (col) => col.notNull())
    .addColumn('account_id', 'uuid', (col) => col.notNull().references('accounts.id'))
    .addColumn('platform', 'text', (col) => col.notNull())
    .addColumn('idempotency_key', 'text', (col) => col.notNull().unique())
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('scheduled', 'publishing', 'published', 'failed')`),
    )
    .addColumn('scheduled_for', 'timestamptz')
    .addColumn('alt_texts', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('requested_by_staff_id', 'uuid', (col) => col.notNull().references('staff.id'))
    .addColumn('platform_post_id', 'text')
    .addColumn('url', 'text')
    .addColumn('archive_id', 'uuid', (col) => col.references('post_archive.id'))
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('last_error_code', 'text')
    .addColumn('published_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
    .addUniqueConstraint('post_publications_once_per_revision', ['post_id', 'revision'])
    .execute();
  await db.schema
    .createIndex('post_publications_due')
    .on('post_publications')
    .column('scheduled_for')
    .where(sql.ref('status'), '=', 'scheduled')
    .execute();

  // An OAuth connection in progress: the state sent to the platform (stored hashed), who started it and
  // for which account, and, for Mastodon, the app registered on that instance (sealed). Used once.
  await db.schema
    .createTable('connection_oauth_states')
    .addColumn('state_hash', 'text', (col) => col.primaryKey())
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('account_id', 'uuid', (col) => col.notNull().references('accounts.id'))
    .addColumn('staff_id', 'uuid', (col) => col.notNull().references('staff.id'))
    .addColumn('platform', 'text', (col) => col.notNull())
    .addColumn('base_url', 'text', (col) => col.notNull())
    .addColumn('redirect_uri', 'text', (col) => col.notNull())
    .addColumn('app_key_id', 'uuid', (col) => col.references('data_keys.id'))
    .addColumn('app_sealed', 'bytea')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();

  // The profile as last read through the API, and when; a change is recorded (and audited) by the job.
  await db.schema
    .createTable('connection_profiles')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('account_id', 'uuid', (col) => col.notNull().references('accounts.id'))
    .addColumn('display_name', 'text', (col) => col.notNull())
    .addColumn('bio', 'text', (col) => col.notNull())
    .addColumn('links', 'jsonb', (col) => col.notNull())
    .addColumn('avatar_url', 'text')
    .addColumn('changed_fields', 'jsonb', (col) => col.notNull())
    .addColumn('aup_link', 'text', (col) => col.notNull().check(sql`aup_link in ('found', 'not_found')`))
    .addColumn('official_email', 'text', (col) =>
      col.notNull().check(sql`official_email in ('found', 'not_found')`),
    )
    .addColumn('read_at', 'timestamptz', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('connection_profiles_account')
    .on('connection_profiles')
    .columns(['account_id', 'read_at'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('connection_profiles').execute();
  await db.schema.dropTable('connection_oauth_states').execute();
  await db.schema.dropTable('post_publications').execute();
}
