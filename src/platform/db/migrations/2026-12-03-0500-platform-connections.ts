import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports application code and never changes once released.

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not the current types.
export async function up(db: Kysely<any>): Promise<void> {
  // One live connection per sanctioned account to its platform's API (issue 13). The tokens are sealed like
  // an OpenID client secret: their own data key, wrapped by the master key, and AES-256-GCM ciphertext bound
  // to the connection. A disconnected row stays (nothing is hard-deleted) and is reused on reconnecting.
  await db.schema
    .createTable('platform_connections')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('account_id', 'uuid', (col) => col.notNull().unique().references('accounts.id'))
    .addColumn('school_id', 'uuid', (col) => col.notNull().references('schools.id'))
    .addColumn('platform', 'text', (col) => col.notNull())
    .addColumn('base_url', 'text', (col) => col.notNull())
    .addColumn('platform_account_id', 'text', (col) => col.notNull())
    .addColumn('handle', 'text', (col) => col.notNull())
    .addColumn('credentials_key_id', 'uuid', (col) => col.references('data_keys.id'))
    .addColumn('credentials_sealed', 'bytea')
    // Plain, so the refresh job can find tokens about to expire without opening any.
    .addColumn('token_expires_at', 'timestamptz')
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('connected', 'failed', 'disconnected')`),
    )
    .addColumn('last_error', 'text')
    .addColumn('connected_by_staff_id', 'uuid', (col) => col.references('staff.id'))
    .addColumn('connected_at', 'timestamptz', (col) => col.notNull())
    .addColumn('disconnected_at', 'timestamptz')
    .addColumn('failed_at', 'timestamptz')
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'platform_connections_sealed_whole',
      sql`(credentials_key_id is null) = (credentials_sealed is null)`,
    )
    // A connected account always has its tokens; a disconnected one never keeps them.
    .addCheckConstraint(
      'platform_connections_tokens_when_connected',
      sql`(status = 'disconnected') = (credentials_sealed is null)`,
    )
    .execute();
  await db.schema
    .createIndex('platform_connections_school_status')
    .on('platform_connections')
    .columns(['school_id', 'status'])
    .execute();
  await db.schema
    .createIndex('platform_connections_expiry')
    .on('platform_connections')
    .column('token_expires_at')
    .where(sql.ref('status'), '=', 'connected')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('platform_connections').execute();
}
